package app.utter.scripts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Scripts, their segments in order and the takes of each segment, in the database. */
@Repository
class ScriptRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build(); // the speakers column's own format
    private static final TypeReference<LinkedHashMap<String, String>> SPEAKERS = new TypeReference<>() {};

    private final JdbcClient jdbc;

    ScriptRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Script script) {
        jdbc.sql("""
                INSERT INTO scripts (id, owner_id, title, speakers, created_at, updated_at)
                VALUES (:id, :owner, :title, :speakers, :created, :updated)
                """).param("id", script.id()).param("owner", script.ownerId()).param("title", script.title())
                .param("speakers", JSON.writeValueAsString(script.speakers()))
                .param("created", utc(script.createdAt())).param("updated", utc(script.updatedAt())).update();
    }

    void update(Script script) {
        jdbc.sql("UPDATE scripts SET title = :title, speakers = :speakers, updated_at = :updated WHERE id = :id")
                .param("id", script.id()).param("title", script.title())
                .param("speakers", JSON.writeValueAsString(script.speakers()))
                .param("updated", utc(script.updatedAt())).update();
    }

    void touch(String scriptId, Instant now) {
        jdbc.sql("UPDATE scripts SET updated_at = :now WHERE id = :id").param("id", scriptId).param("now", utc(now))
                .update();
    }

    Optional<Script> findOwned(String ownerId, String id) {
        return jdbc.sql("SELECT * FROM scripts WHERE id = :id AND owner_id = :owner").param("id", id)
                .param("owner", ownerId).query(ScriptRepository::script).optional();
    }

    Optional<Script> findById(String id) {
        return jdbc.sql("SELECT * FROM scripts WHERE id = :id").param("id", id).query(ScriptRepository::script)
                .optional();
    }

    List<Script> findByOwner(String ownerId) {
        return jdbc.sql("SELECT * FROM scripts WHERE owner_id = :owner ORDER BY updated_at DESC, id")
                .param("owner", ownerId).query(ScriptRepository::script).list();
    }

    /** Characters in each of the owner's scripts, by script id. */
    Map<String, Long> characters(String ownerId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT s.script_id, SUM(LENGTH(s.text)) FROM script_segments s JOIN scripts c ON c.id = s.script_id
                WHERE c.owner_id = :owner GROUP BY s.script_id
                """).param("owner", ownerId)
                .query((row, n) -> counts.put(row.getString(1), row.getLong(2))).list();
        return counts;
    }

    void delete(String id) {
        jdbc.sql("DELETE FROM scripts WHERE id = :id").param("id", id).update();
    }

    List<Segment> segments(String scriptId) {
        return jdbc.sql("SELECT * FROM script_segments WHERE script_id = :script ORDER BY position")
                .param("script", scriptId).query(ScriptRepository::segment).list();
    }

    void insert(Segment s) {
        jdbc.sql("""
                INSERT INTO script_segments (id, script_id, position, heading, speaker, voice_id, language, instructions,
                    text, continues, locked, take_id, render_wanted, render_error)
                VALUES (:id, :script, :position, :heading, :speaker, :voice, :language, :instructions, :text,
                    :continues, :locked, :take, :wanted, :error)
                """).params(segmentParams(s)).update();
    }

    void update(Segment s) {
        jdbc.sql("""
                UPDATE script_segments SET position = :position, heading = :heading, speaker = :speaker,
                    voice_id = :voice, language = :language, instructions = :instructions, text = :text,
                    continues = :continues, locked = :locked, take_id = :take, render_wanted = :wanted,
                    render_error = :error
                WHERE id = :id
                """).params(segmentParams(s)).update();
    }

    void deleteSegment(String id) {
        jdbc.sql("DELETE FROM script_segments WHERE id = :id").param("id", id).update();
    }

    /** Asks for these segments to be rendered, in turn. */
    void want(List<String> segmentIds) {
        if (!segmentIds.isEmpty()) {
            jdbc.sql("UPDATE script_segments SET render_wanted = TRUE, render_error = NULL WHERE id IN (:ids)")
                    .param("ids", segmentIds).update();
        }
    }

    /** Ends a render that could not start, with the reason a person reads on the segment. */
    void renderRefused(String segmentId, String error) {
        jdbc.sql("UPDATE script_segments SET render_wanted = FALSE, render_error = :error WHERE id = :id")
                .param("id", segmentId).param("error", error).update();
    }

    /**
     * Makes the take the segment's chosen one; for a segment waiting to be rendered ({@code wanted}), only if it
     * still waits, which ends its wait: false when another instance took it first.
     */
    boolean choose(String segmentId, String takeId, boolean wanted) {
        return jdbc.sql("UPDATE script_segments SET take_id = :take, render_wanted = FALSE, render_error = NULL "
                        + "WHERE id = :id" + (wanted ? " AND render_wanted = TRUE" : ""))
                .param("id", segmentId).param("take", takeId).update() == 1;
    }

    /** Scripts with segments waiting to be rendered. */
    List<String> scriptsWaiting() {
        return jdbc.sql("SELECT DISTINCT script_id FROM script_segments WHERE render_wanted = TRUE")
                .query(String.class).list();
    }

    Optional<String> scriptOfGeneration(String generationId) {
        return jdbc.sql("""
                SELECT s.script_id FROM script_takes t JOIN script_segments s ON s.id = t.segment_id
                WHERE t.generation_id = :generation
                """).param("generation", generationId).query(String.class).optional();
    }

    void insert(Take take) {
        jdbc.sql("""
                INSERT INTO script_takes (id, segment_id, generation_id, seed, fingerprint, created_at)
                VALUES (:id, :segment, :generation, :seed, :fingerprint, :created)
                """).param("id", take.id()).param("segment", take.segmentId()).param("generation", take.generationId())
                .param("seed", take.seed()).param("fingerprint", take.fingerprint())
                .param("created", utc(take.createdAt())).update();
    }

    /** A segment's takes, newest first. */
    List<Take> takes(String segmentId) {
        return jdbc.sql("SELECT * FROM script_takes WHERE segment_id = :segment ORDER BY created_at DESC, id")
                .param("segment", segmentId).query(ScriptRepository::take).list();
    }

    /** The takes of a script's segments, by id. */
    Map<String, Take> takesOf(String scriptId) {
        Map<String, Take> takes = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT t.* FROM script_takes t JOIN script_segments s ON s.id = t.segment_id
                WHERE s.script_id = :script
                """).param("script", scriptId).query(ScriptRepository::take).list()
                .forEach(take -> takes.put(take.id(), take));
        return takes;
    }

    /** The take no longer matches its segment as it is spoken now (never a segment's fingerprint, a SHA-256). */
    void outdate(String takeId) {
        jdbc.sql("UPDATE script_takes SET fingerprint = 'spoken otherwise now' WHERE id = :id").param("id", takeId)
                .update();
    }

    void deleteTake(String id) {
        jdbc.sql("DELETE FROM script_takes WHERE id = :id").param("id", id).update();
    }

    private static Map<String, Object> segmentParams(Segment s) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("id", s.id());
        params.put("script", s.scriptId());
        params.put("position", s.position());
        params.put("heading", s.heading());
        params.put("speaker", s.speaker());
        params.put("voice", s.voiceId());
        params.put("language", s.language());
        params.put("instructions", s.instructions());
        params.put("text", s.text());
        params.put("continues", s.continues());
        params.put("locked", s.locked());
        params.put("take", s.takeId());
        params.put("wanted", s.renderWanted());
        params.put("error", s.renderError());
        return params;
    }

    private static Script script(ResultSet row, int n) throws SQLException {
        return new Script(row.getString("id"), row.getString("owner_id"), row.getString("title"),
                JSON.readValue(row.getString("speakers"), SPEAKERS), instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static Segment segment(ResultSet row, int n) throws SQLException {
        return new Segment(row.getString("id"), row.getString("script_id"), row.getInt("position"),
                row.getBoolean("heading"), row.getString("speaker"), row.getString("voice_id"),
                row.getString("language"), row.getString("instructions"), row.getString("text"),
                row.getBoolean("continues"), row.getBoolean("locked"), row.getString("take_id"),
                row.getBoolean("render_wanted"), row.getString("render_error"));
    }

    private static Take take(ResultSet row, int n) throws SQLException {
        return new Take(row.getString("id"), row.getString("segment_id"), row.getString("generation_id"),
                row.getLong("seed"), row.getString("fingerprint"), instant(row, "created_at"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        return row.getObject(column, OffsetDateTime.class).toInstant();
    }
}
