package app.utter.accounts;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code utter.accounts.*}: whether anyone may sign up (otherwise only by an admin's invitation), the limits each
 * account has, and how failed sign-ins are slowed.
 */
@ConfigurationProperties("utter.accounts")
record AccountsProperties(@DefaultValue("false") boolean openSignUp, @DefaultValue("7d") Duration invitationValidity,
                          @DefaultValue Limits limits, @DefaultValue Login login) {

    /** Per-account limits; characters are counted over the last 24 hours. */
    record Limits(@DefaultValue("100") int voices, @DefaultValue("200000") int charactersPerDay,
                  @DefaultValue("4") int concurrentJobs) {
    }

    /** After {@code maxFailures} wrong passwords in a row, sign-in to that account pauses for {@code lockout}. */
    record Login(@DefaultValue("5") int maxFailures, @DefaultValue("5m") Duration lockout,
                 @DefaultValue("30") int maxFailuresPerAddress) {
    }
}
