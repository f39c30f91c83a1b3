package app.utter.accounts;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import app.utter.web.ApiProblem;

/** Per-account limits on voices, concurrent jobs and characters per 24 hours; going over is a 429 problem. */
@Service
public class UsageLimits {

    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration JOB_RETRY = Duration.ofSeconds(10); // about one short generation

    private final JdbcClient jdbc;
    private final AccountsProperties.Limits limits;

    UsageLimits(JdbcClient jdbc, AccountsProperties properties) {
        this.jdbc = jdbc;
        this.limits = properties.limits();
    }

    AccountsProperties.Limits limits() {
        return limits;
    }

    /** Locks {@code owner}'s account row until the current transaction ends, so that limit checks do not race. */
    public void holdAccount(Owner owner) {
        jdbc.sql("SELECT id FROM accounts WHERE id = :id FOR UPDATE").param("id", owner.id()).query(String.class).list();
    }

    /** Refuses a new voice when the account already has as many as allowed. */
    public void requireRoomForVoice(long voicesOwned) {
        if (voicesOwned >= limits.voices()) {
            // Waiting frees no room, deleting does; a day keeps clients that retry by themselves from hammering.
            throw tooMany("voice-limit", "Voice limit reached", "You have " + voicesOwned + " voices, the most "
                    + "allowed per account. Delete one you no longer use to make room at once.", DAY);
        }
    }

    /** Refuses another job while the account already runs as many as allowed at once. */
    public void requireJobSlot(long activeJobs) {
        if (activeJobs >= limits.concurrentJobs()) {
            throw tooMany("job-limit", "Too many generations at once", "You already have " + activeJobs
                    + " generations queued or running, the most allowed at once. Wait for one to finish, or cancel one.",
                    JOB_RETRY);
        }
    }

    /**
     * Counts {@code characters} against the last 24 hours' allowance, or refuses them without counting. Call it
     * inside a transaction that {@link #holdAccount holds the account}.
     */
    public void spendCharacters(Owner owner, int characters) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Instant since = now.minus(DAY);
        long used = charactersSince(owner, since);
        if (used + characters > limits.charactersPerDay()) {
            throw tooMany("character-limit", "Daily character limit reached", "This text has " + characters
                    + " characters and you have used " + used + " of your " + limits.charactersPerDay()
                    + " characters in the last 24 hours. Try a shorter text, or wait.",
                    untilRoom(spentSince(owner, since), used + characters - limits.charactersPerDay(), now));
        }
        record(owner, characters, now, since);
    }

    /**
     * Adds to this minute's row of the ledger (at most 1,440 rows a day per account, however many requests), stamped
     * with the minute's end so that nothing leaves the window early. The caller holds the account row's lock.
     */
    private void record(Owner owner, int characters, Instant now, Instant since) {
        // What left the window counts no more: keeping the ledger to one day keeps every check small.
        jdbc.sql("DELETE FROM character_usage WHERE account_id = :account AND used_at <= :since")
                .param("account", owner.id()).param("since", AccountRepository.utc(since)).update();
        var minuteEnd = AccountRepository.utc(now.truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)));
        int added = jdbc.sql("UPDATE character_usage SET characters = characters + :characters "
                        + "WHERE account_id = :account AND used_at = :minute")
                .param("characters", characters).param("account", owner.id()).param("minute", minuteEnd).update();
        if (added == 0) {
            jdbc.sql("INSERT INTO character_usage (account_id, used_at, characters) VALUES (:account, :minute, :characters)")
                    .param("account", owner.id()).param("minute", minuteEnd).param("characters", characters).update();
        }
    }

    long charactersLastDay(Owner owner) {
        return charactersSince(owner, Instant.now().minus(DAY));
    }

    private long charactersSince(Owner owner, Instant since) {
        return jdbc.sql("SELECT COALESCE(SUM(characters), 0) FROM character_usage WHERE account_id = :account "
                        + "AND used_at > :since")
                .param("account", owner.id()).param("since", AccountRepository.utc(since)).query(Long.class).single();
    }

    private record Spent(Instant at, long characters) {
    }

    private List<Spent> spentSince(Owner owner, Instant since) {
        return jdbc.sql("SELECT used_at, characters FROM character_usage WHERE account_id = :account AND used_at > :since "
                        + "ORDER BY used_at")
                .param("account", owner.id()).param("since", AccountRepository.utc(since))
                .query((row, n) -> new Spent(AccountRepository.instant(row, "used_at"), row.getLong("characters")))
                .list();
    }

    /** How long until the oldest spending that must age out for {@code excess} characters has left the window. */
    private static Duration untilRoom(List<Spent> window, long excess, Instant now) {
        long freed = 0;
        for (Spent spent : window) {
            freed += spent.characters();
            if (freed >= excess) {
                return Duration.between(now, spent.at().plus(DAY)).plusSeconds(1);
            }
        }
        return DAY;
    }

    private static ApiProblem tooMany(String type, String title, String detail, Duration retryAfter) {
        ApiProblem problem = new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, type, title, detail);
        problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        return problem;
    }
}
