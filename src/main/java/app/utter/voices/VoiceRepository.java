package app.utter.voices;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import app.utter.web.Paging;
import app.utter.web.Search;

/** Voices in the database, through plain SQL that runs the same on H2 and PostgreSQL. */
@Repository
class VoiceRepository {

    private final JdbcClient jdbc;

    VoiceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Voice voice) {
        jdbc.sql("""
                INSERT INTO voices (id, owner_id, name, transcript, transcript_source, language, consent_statement,
                    consent_source, consent_accepted_at, consent_accepted_by, duration_ms, source_duration_ms, source_format,
                    source_codec, original_filename, original_size_bytes, content_sha256, created_at, updated_at, description)
                VALUES (:id, :ownerId, :name, :transcript, :transcriptSource, :language, :statement, :consentSource,
                    :acceptedAt, :acceptedBy, :durationMs, :sourceDurationMs, :format, :codec, :filename, :sizeBytes, :sha256,
                    :createdAt, :updatedAt, :description)
                """)
                .param("id", voice.id())
                .param("ownerId", voice.ownerId())
                .param("acceptedBy", voice.consent().acceptedBy())
                .param("name", voice.name())
                .param("transcript", voice.transcript())
                .param("transcriptSource", voice.transcriptSource())
                .param("language", voice.language().name())
                .param("statement", voice.consent().statement())
                .param("consentSource", voice.consent().source())
                .param("acceptedAt", utc(voice.consent().acceptedAt()))
                .param("durationMs", voice.duration().toMillis())
                .param("sourceDurationMs", voice.source().duration().toMillis())
                .param("format", voice.source().format())
                .param("codec", voice.source().codec())
                .param("filename", voice.source().filename())
                .param("sizeBytes", voice.source().sizeBytes())
                .param("sha256", voice.contentSha256())
                .param("createdAt", utc(voice.createdAt()))
                .param("updatedAt", utc(voice.updatedAt()))
                .param("description", voice.description())
                .update();
    }

    /** Any owner's voice, for background work that already knows the voice is legitimately in use. */
    Optional<Voice> findById(String id) {
        return jdbc.sql("SELECT * FROM voices WHERE id = :id").param("id", id).query(VoiceRepository::toVoice).optional();
    }

    Optional<Voice> findOwned(String ownerId, String id) {
        return jdbc.sql("SELECT * FROM voices WHERE id = :id AND owner_id = :owner").param("id", id)
                .param("owner", ownerId).query(VoiceRepository::toVoice).optional();
    }

    /** Newest first; {@code nameFilter} matches anywhere in the name, ignoring case, when not blank. */
    /** The owner's voice named {@code name}, case aside. */
    Optional<Voice> findNamed(String ownerId, String name) {
        return jdbc.sql("SELECT * FROM voices WHERE owner_id = :owner AND LOWER(name) = :name ORDER BY created_at "
                        + "LIMIT 1")
                .param("owner", ownerId).param("name", name.toLowerCase(java.util.Locale.ROOT))
                .query(VoiceRepository::toVoice).optional();
    }

    /** Favourites first, then in the order asked for. */
    List<Voice> findPage(String ownerId, Search nameFilter, VoiceOrder order, Paging paging) {
        return jdbc.sql("SELECT * FROM voices WHERE owner_id = :owner AND LOWER(name) LIKE :pattern "
                        + "ORDER BY favourite DESC, " + order.sql() + ", id LIMIT :limit OFFSET :offset")
                .param("owner", ownerId)
                .param("pattern", nameFilter.likePattern())
                .param("limit", paging.size())
                .param("offset", paging.offset())
                .query(VoiceRepository::toVoice)
                .list();
    }

    long count(String ownerId, Search nameFilter) {
        return jdbc.sql("SELECT COUNT(*) FROM voices WHERE owner_id = :owner AND LOWER(name) LIKE :pattern")
                .param("owner", ownerId)
                .param("pattern", nameFilter.likePattern())
                .query(Long.class)
                .single();
    }

    /** Saves the voice's edits; a new transcript drops the stored prompt, which was made with the old one. */
    boolean update(Voice voice) {
        return jdbc.sql("""
                UPDATE voices SET name = :name, transcript = :transcript, transcript_source = :transcriptSource,
                    language = :language, updated_at = :updatedAt,
                    prompt_model = CASE WHEN transcript = :transcript THEN prompt_model END,
                    prompt_format = CASE WHEN transcript = :transcript THEN prompt_format END
                WHERE id = :id AND owner_id = :owner
                """)
                .param("id", voice.id())
                .param("owner", voice.ownerId())
                .param("name", voice.name())
                .param("transcript", voice.transcript())
                .param("transcriptSource", voice.transcriptSource())
                .param("language", voice.language().name())
                .param("updatedAt", utc(voice.updatedAt()))
                .update() == 1;
    }

    boolean markFavourite(String ownerId, String id, boolean favourite) {
        return jdbc.sql("UPDATE voices SET favourite = :favourite WHERE id = :id AND owner_id = :owner")
                .param("favourite", favourite).param("id", id).param("owner", ownerId).update() == 1;
    }

    /** Counts a generation made with the voice. */
    void countUse(String id) {
        jdbc.sql("UPDATE voices SET uses = uses + 1 WHERE id = :id").param("id", id).update();
    }

    boolean delete(String ownerId, String id) {
        return jdbc.sql("DELETE FROM voices WHERE id = :id AND owner_id = :owner").param("id", id)
                .param("owner", ownerId).update() == 1;
    }

    /** Gives voices from before accounts existed to the first admin. */
    int claimUnowned(String ownerId) {
        return jdbc.sql("UPDATE voices SET owner_id = :owner WHERE owner_id IS NULL").param("owner", ownerId).update();
    }

    /** Which model and format the voice's stored clone prompt belongs to, and when it was made. */
    record PromptTag(String model, int format, Instant createdAt) {
    }

    Optional<PromptTag> promptTag(String id) {
        return jdbc.sql("""
                SELECT prompt_model, prompt_format, prompt_created_at FROM voices
                WHERE id = :id AND prompt_model IS NOT NULL""")
                .param("id", id)
                .query((row, n) -> new PromptTag(row.getString("prompt_model"), row.getInt("prompt_format"),
                        Optional.ofNullable(row.getObject("prompt_created_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant).orElse(Instant.EPOCH)))
                .optional();
    }

    void savePromptTag(String id, PromptTag tag) {
        jdbc.sql("UPDATE voices SET prompt_model = :model, prompt_format = :format, prompt_created_at = :at WHERE id = :id")
                .param("model", tag.model())
                .param("format", tag.format())
                .param("at", utc(tag.createdAt()))
                .param("id", id)
                .update();
    }


    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static Voice toVoice(ResultSet row, int rowNumber) throws SQLException {
        return new Voice(
                row.getString("id"),
                row.getString("owner_id"),
                row.getString("name"),
                row.getString("transcript"),
                row.getString("transcript_source"),
                Language.valueOf(row.getString("language")),
                new Voice.Consent(row.getString("consent_statement"), row.getString("consent_source"),
                        instant(row, "consent_accepted_at"), row.getString("consent_accepted_by")),
                Duration.ofMillis(row.getLong("duration_ms")),
                new Voice.ReferenceSource(row.getString("source_format"), row.getString("source_codec"),
                        Duration.ofMillis(row.getLong("source_duration_ms")), row.getString("original_filename"),
                        row.getLong("original_size_bytes")),
                row.getString("content_sha256"),
                instant(row, "created_at"),
                instant(row, "updated_at"),
                row.getBoolean("favourite"),
                row.getInt("uses"),
                row.getString("description"));
    }
}
