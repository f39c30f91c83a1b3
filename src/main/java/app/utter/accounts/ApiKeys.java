package app.utter.accounts;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import app.utter.web.ApiProblem;
import app.utter.web.WellFormedText;

/** Each person's API keys: created and shown once, listed by name and prefix, revoked, and checked on requests. */
@Service
class ApiKeys {

    static final String KEY_PREFIX = "utk_";
    private static final int SHOWN_PREFIX = 12;
    private static final int MAX_KEYS = 50;
    private static final Duration LAST_USED_STEP = Duration.ofMinutes(1); // saves a write on every request

    /** A key just created: {@code secret} is returned this once. */
    record CreatedKey(ApiKey key, String secret) {
    }

    private final JdbcClient jdbc;
    private final Secrets secrets = new Secrets();

    ApiKeys(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    CreatedKey create(Owner owner, String name) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 100) {
            throw ApiProblem.invalidFields("invalid-api-key", Map.of("name",
                    "Name the key (1 to 100 characters) after where it is used, e.g. \"laptop script\"."));
        }
        WellFormedText.flaw("name", label).ifPresent(flaw -> {
            throw ApiProblem.invalidFields("invalid-api-key", Map.of("name", flaw));
        });
        if (list(owner).size() >= MAX_KEYS) {
            throw ApiProblem.invalidFields("invalid-api-key", Map.of("name",
                    "You have " + MAX_KEYS + " keys, the most allowed; revoke one you no longer use."));
        }
        String secret = secrets.newSecret(KEY_PREFIX);
        ApiKey key = new ApiKey(UUID.randomUUID().toString(), label, secret.substring(0, SHOWN_PREFIX),
                Instant.now().truncatedTo(ChronoUnit.MICROS), null);
        jdbc.sql("INSERT INTO api_keys (id, account_id, name, prefix, key_sha256, created_at) "
                        + "VALUES (:id, :account, :name, :prefix, :hash, :createdAt)")
                .param("id", key.id()).param("account", owner.id()).param("name", key.name())
                .param("prefix", key.prefix()).param("hash", Secrets.sha256(secret))
                .param("createdAt", AccountRepository.utc(key.createdAt()))
                .update();
        return new CreatedKey(key, secret);
    }

    List<ApiKey> list(Owner owner) {
        return jdbc.sql("SELECT * FROM api_keys WHERE account_id = :account AND revoked_at IS NULL ORDER BY created_at")
                .param("account", owner.id())
                .query((row, n) -> new ApiKey(row.getString("id"), row.getString("name"), row.getString("prefix"),
                        AccountRepository.instant(row, "created_at"), AccountRepository.instant(row, "last_used_at")))
                .list();
    }

    void revoke(Owner owner, String id) {
        if (!WellFormedText.isClean(id)) {
            throw ApiProblem.notFound("API key", id);
        }
        int revoked = jdbc.sql("UPDATE api_keys SET revoked_at = :now WHERE id = :id AND account_id = :account "
                        + "AND revoked_at IS NULL")
                .param("now", AccountRepository.utc(Instant.now())).param("id", id).param("account", owner.id())
                .update();
        if (revoked == 0) {
            throw ApiProblem.notFound("API key", id);
        }
    }

    /** The enabled account a presented key belongs to, if the key exists and is not revoked. */
    Optional<SignedInUser> authenticate(String secret) {
        if (secret == null || !secret.startsWith(KEY_PREFIX)) {
            return Optional.empty();
        }
        record Match(String keyId, Instant lastUsedAt, Account account) {
        }
        // One statement for key and account: this runs on every request made with a key.
        Optional<Match> match = jdbc.sql("SELECT a.*, k.id AS key_id, k.last_used_at AS key_last_used_at "
                        + "FROM api_keys k JOIN accounts a ON a.id = k.account_id "
                        + "WHERE k.key_sha256 = :hash AND k.revoked_at IS NULL")
                .param("hash", Secrets.sha256(secret))
                .query((row, n) -> new Match(row.getString("key_id"), AccountRepository.instant(row, "key_last_used_at"),
                        AccountRepository.toAccount(row, n)))
                .optional()
                .filter(found -> found.account().enabled());
        match.ifPresent(found -> touch(found.keyId(), found.lastUsedAt()));
        return match.map(found -> new SignedInUser(found.account(), null));
    }

    private void touch(String id, Instant lastUsedAt) {
        Instant now = Instant.now();
        if (lastUsedAt == null || lastUsedAt.plus(LAST_USED_STEP).isBefore(now)) {
            jdbc.sql("UPDATE api_keys SET last_used_at = :now WHERE id = :id")
                    .param("now", AccountRepository.utc(now.truncatedTo(ChronoUnit.MICROS))).param("id", id).update();
        }
    }
}
