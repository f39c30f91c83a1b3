package app.utter.speech;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import app.utter.tts.WorkerAddress;

/**
 * The admin's choice of speech worker, kept in the database so that it outlives restarts and every instance
 * sharing the database follows it (each reads it again after a few seconds).
 */
@Repository
class SpeechSettings {

    enum Choice { LOCAL, REMOTE }

    /** A choice, who made it and when; {@code remote} only for {@link Choice#REMOTE}. */
    record Saved(Choice choice, WorkerAddress remote, Instant updatedAt, String updatedBy) {
    }

    private static final Duration FRESH = Duration.ofSeconds(3);

    private final JdbcClient jdbc;
    private volatile Optional<Saved> cached;
    private volatile Instant readAt = Instant.MIN;

    SpeechSettings(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Saved> current() {
        if (readAt.plus(FRESH).isBefore(Instant.now())) {
            cached = jdbc.sql("SELECT * FROM speech_settings WHERE id = 1").query((row, n) -> new Saved(
                    Choice.valueOf(row.getString("choice")), row.getString("base_url") == null ? null
                            : new WorkerAddress(row.getString("base_url"), row.getString("bearer_token"),
                            row.getString("modal_key"), row.getString("modal_secret")),
                    row.getObject("updated_at", java.time.OffsetDateTime.class).toInstant(),
                    row.getString("updated_by"))).optional();
            readAt = Instant.now();
        }
        return cached;
    }

    @Transactional
    void choose(Choice choice, WorkerAddress remote, String by) {
        jdbc.sql("DELETE FROM speech_settings WHERE id = 1").update();
        jdbc.sql("""
                INSERT INTO speech_settings (id, choice, base_url, bearer_token, modal_key, modal_secret, updated_at,
                    updated_by) VALUES (1, :choice, :url, :token, :key, :secret, :at, :by)""")
                .param("choice", choice.name()).param("url", remote == null ? null : remote.baseUrl())
                .param("token", remote == null ? null : remote.bearerToken())
                .param("key", remote == null ? null : remote.modalKey())
                .param("secret", remote == null ? null : remote.modalSecret())
                .param("at", Instant.now().atOffset(ZoneOffset.UTC)).param("by", by).update();
        readAt = Instant.MIN;
    }

    void forget() {
        jdbc.sql("DELETE FROM speech_settings WHERE id = 1").update();
        readAt = Instant.MIN;
    }
}
