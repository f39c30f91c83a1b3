package app.utter.accounts;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after a run of wrong passwords for one account, or many from one address, sign-in there
 * pauses for a while. Counted in the database, so that it holds across restarts and across every instance.
 */
@Component
class LoginThrottle {

    private static final String ACCOUNT = "account";
    private static final String ADDRESS = "address";

    private final JdbcClient jdbc;
    private final AccountsProperties.Login rules;

    LoginThrottle(JdbcClient jdbc, AccountsProperties properties) {
        this.jdbc = jdbc;
        this.rules = properties.login();
    }

    /** How much longer sign-in stays paused for this account or address, if it is paused. */
    Optional<Duration> pausedFor(String username, String address) {
        Instant now = Instant.now();
        return jdbc.sql("""
                SELECT MAX(locked_until) FROM login_failures
                WHERE ((kind = :account AND subject = :username) OR (kind = :address AND subject = :from))
                  AND locked_until > :now
                """).param("account", ACCOUNT).param("username", String.valueOf(username)).param("address", ADDRESS)
                .param("from", String.valueOf(address)).param("now", utc(now))
                .query(OffsetDateTime.class).optional()
                .map(until -> Duration.between(now, until.toInstant()));
    }

    void failed(String username, String address) {
        Instant now = Instant.now();
        forgetStale(now);
        count(ACCOUNT, username, rules.maxFailures(), now);
        count(ADDRESS, address, rules.maxFailuresPerAddress(), now);
    }

    void succeeded(String username) {
        jdbc.sql("DELETE FROM login_failures WHERE kind = :account AND subject = :username").param("account", ACCOUNT)
                .param("username", username).update();
    }

    /**
     * One more failure in the subject's run (a new run once a lockout's length has passed since the last failure and
     * no lock holds); at {@code max} and beyond, each failure locks it for the lockout's length from now.
     */
    private void count(String kind, String subject, int max, Instant now) {
        if (subject == null) {
            return;
        }
        Instant runOver = now.minus(rules.lockout());
        Instant lockedUntil = now.plus(rules.lockout());
        int updated = jdbc.sql("""
                UPDATE login_failures SET
                    failures = CASE WHEN last_at < :runOver AND (locked_until IS NULL OR locked_until < :now)
                        THEN 1 ELSE failures + 1 END,
                    last_at = :now
                WHERE kind = :kind AND subject = :subject
                """).param("runOver", utc(runOver)).param("now", utc(now)).param("kind", kind)
                .param("subject", subject).update();
        if (updated == 0) {
            try {
                jdbc.sql("""
                        INSERT INTO login_failures (kind, subject, failures, last_at) VALUES (:kind, :subject, 1, :now)
                        """).param("kind", kind).param("subject", subject).param("now", utc(now)).update();
            } catch (DuplicateKeyException another) { // another instance counted this subject's first failure
                count(kind, subject, max, now);
                return;
            }
        }
        jdbc.sql("""
                UPDATE login_failures SET locked_until = :until
                WHERE kind = :kind AND subject = :subject AND failures >= :max
                """).param("until", utc(lockedUntil)).param("kind", kind).param("subject", subject)
                .param("max", max).update();
    }

    /** Runs that are over and hold no lock are of no use any more. */
    private void forgetStale(Instant now) {
        jdbc.sql("""
                DELETE FROM login_failures
                WHERE last_at < :runOver AND (locked_until IS NULL OR locked_until < :now)
                """).param("runOver", utc(now.minus(rules.lockout()))).param("now", utc(now)).update();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
