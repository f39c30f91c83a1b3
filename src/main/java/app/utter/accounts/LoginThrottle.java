package app.utter.accounts;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after a run of wrong passwords for one account, or many from one address, sign-in there
 * pauses for a while. Kept in memory: a restart forgets it, which costs an attacker a restart per few guesses.
 */
@Component
class LoginThrottle {

    private static final int MAX_TRACKED = 100_000;

    private record Failures(int count, Instant lastAt, Instant lockedUntil) {
    }

    private final Map<String, Failures> byAccount = new ConcurrentHashMap<>();
    private final Map<String, Failures> byAddress = new ConcurrentHashMap<>();
    private final AccountsProperties.Login rules;

    LoginThrottle(AccountsProperties properties) {
        this.rules = properties.login();
    }

    /** How much longer sign-in stays paused for this account or address, if it is paused. */
    Optional<Duration> pausedFor(String username, String address) {
        Instant now = Instant.now();
        Instant until = latest(lockedUntil(byAccount, username), lockedUntil(byAddress, address));
        return until != null && until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    void failed(String username, String address) {
        forgetStale();
        count(byAccount, username, rules.maxFailures());
        count(byAddress, address, rules.maxFailuresPerAddress());
    }

    void succeeded(String username) {
        byAccount.remove(username);
    }

    private void count(Map<String, Failures> failures, String key, int max) {
        if (key == null) {
            return;
        }
        Instant now = Instant.now();
        failures.compute(key, (k, seen) -> {
            int count = (seen == null || expired(seen, now) ? 0 : seen.count()) + 1;
            return new Failures(count, now, count >= max ? now.plus(rules.lockout()) : null);
        });
    }

    /** A run of failures is forgotten once a lockout's length has passed since the last one. */
    private boolean expired(Failures failures, Instant now) {
        return failures.lastAt().plus(rules.lockout()).isBefore(now)
                && (failures.lockedUntil() == null || failures.lockedUntil().isBefore(now));
    }

    private void forgetStale() {
        if (byAccount.size() + byAddress.size() > MAX_TRACKED) {
            Instant now = Instant.now();
            byAccount.values().removeIf(failures -> expired(failures, now));
            byAddress.values().removeIf(failures -> expired(failures, now));
        }
    }

    private static Instant lockedUntil(Map<String, Failures> failures, String key) {
        Failures seen = key == null ? null : failures.get(key);
        return seen == null ? null : seen.lockedUntil();
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
