package app.utter.generation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import app.utter.web.Paging;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generations in the database. Job hand-off between runners is a conditional UPDATE on status and lease, so any
 * number of app instances can share one database (H2 or PostgreSQL) without two running the same job.
 */
@Repository
class GenerationRepository {

    private static final JsonMapper JSON = JsonMapper.builder().build(); // the checks column's own format

    private final JdbcClient jdbc;
    private final GenerationChanges changes;

    GenerationRepository(JdbcClient jdbc, GenerationChanges changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    void insert(Generation g) {
        jdbc.sql("""
                INSERT INTO generations (id, owner_id, voice_id, voice_name, text, language, seed, sampling, status,
                    chunks_total, chunks_done, attempts, cancel_requested, created_at, self_check, instructions, spoken_text, part_of)
                VALUES (:id, :ownerId, :voiceId, :voiceName, :text, :language, :seed, :sampling, :status, :total, 0, 0,
                    FALSE, :createdAt, :selfCheck, :instructions, :spokenText, :partOf)
                """)
                .param("id", g.id()).param("ownerId", g.ownerId()).param("voiceId", g.voiceId()).param("voiceName", g.voiceName())
                .param("text", g.text()).param("language", g.language()).param("seed", g.seed())
                .param("sampling", g.sampling()).param("status", g.status().name()).param("total", g.chunksTotal())
                .param("createdAt", utc(g.createdAt())).param("selfCheck", g.selfCheck())
                .param("instructions", g.instructions()).param("spokenText", g.spokenText()).param("partOf", g.partOf())
                .update();
    }

    Optional<Generation> findById(String id) {
        return jdbc.sql("SELECT * FROM generations WHERE id = :id").param("id", id).query(GenerationRepository::map)
                .optional();
    }

    List<Generation> findOwned(String ownerId, java.util.Collection<String> ids) {
        return ids.isEmpty() ? List.of() : jdbc.sql("SELECT * FROM generations WHERE owner_id = :owner AND id IN (:ids)")
                .param("owner", ownerId).param("ids", ids).query(GenerationRepository::map).list();
    }

    Optional<Generation> findOwned(String ownerId, String id) {
        return jdbc.sql("SELECT * FROM generations WHERE id = :id AND owner_id = :owner").param("id", id)
                .param("owner", ownerId).query(GenerationRepository::map).optional();
    }

    List<Generation> findPage(String ownerId, HistoryFilter filter, Paging paging) {
        return filter.bind(jdbc.sql("SELECT * FROM generations WHERE owner_id = :owner" + filter.where()
                        + " ORDER BY created_at DESC, id LIMIT :limit OFFSET :offset"))
                .param("owner", ownerId).param("limit", paging.size()).param("offset", paging.offset())
                .query(GenerationRepository::map).list();
    }

    long count(String ownerId, HistoryFilter filter) {
        return filter.bind(jdbc.sql("SELECT COUNT(*) FROM generations WHERE owner_id = :owner" + filter.where()))
                .param("owner", ownerId).query(Long.class).single();
    }

    /** The owner's generations that are queued or running, parts of scripts aside (a script paces its own). */
    long countActive(String ownerId) {
        return jdbc.sql("SELECT COUNT(*) FROM generations WHERE owner_id = :owner AND status IN ('QUEUED', 'RUNNING')"
                        + " AND part_of IS NULL")
                .param("owner", ownerId).query(Long.class).single();
    }

    /** Jobs in this state, of every owner and instance. */
    long countByStatus(Generation.Status status) {
        return jdbc.sql("SELECT COUNT(*) FROM generations WHERE status = :status").param("status", status.name())
                .query(Long.class).single();
    }

    /** Gives generations from before accounts existed to the first admin. */
    int claimUnowned(String ownerId) {
        return jdbc.sql("UPDATE generations SET owner_id = :owner WHERE owner_id IS NULL").param("owner", ownerId)
                .update();
    }

    /** A job a runner may take now: queued and past any retry delay, or running for a runner that went quiet. */
    private static final String TAKEABLE = """
            ((status = 'QUEUED' AND (lease_until IS NULL OR lease_until < :now))
              OR (status = 'RUNNING' AND lease_until < :now))""";

    /**
     * The jobs a runner may take now, oldest first. The {@code IN} lets the database use {@code generations_runnable}
     * rather than walk all of history in date order.
     */
    static final String RUNNABLE = "SELECT id FROM generations WHERE status IN ('QUEUED', 'RUNNING') AND " + TAKEABLE
            + " ORDER BY created_at LIMIT :limit";

    List<String> findRunnable(Instant now, int limit) {
        return jdbc.sql(RUNNABLE).param("now", utc(now)).param("limit", limit).query(String.class).list();
    }

    /** Takes the job for {@code runner} until {@code leaseUntil}; false when another runner was quicker. */
    boolean claim(String id, String runner, Instant now, Instant leaseUntil) {
        return changed(id, jdbc.sql("""
                UPDATE generations SET status = 'RUNNING', runner_id = :runner, lease_until = :lease,
                    attempts = attempts + 1, started_at = COALESCE(started_at, :now)
                WHERE id = :id AND """ + TAKEABLE)
                .param("id", id).param("runner", runner).param("lease", utc(leaseUntil)).param("now", utc(now))
                .update());
    }

    /**
     * Extends the lease and records progress; false when the job is no longer this runner's, or someone asked to
     * cancel it ({@link #cancelRequested} tells which).
     */
    boolean heartbeat(String id, String runner, int chunksDone, int chunksReady, Instant leaseUntil) {
        return changed(id, jdbc.sql("""
                UPDATE generations SET lease_until = :lease, chunks_done = :done, chunks_ready = :ready
                WHERE id = :id AND runner_id = :runner AND status = 'RUNNING' AND cancel_requested = FALSE
                """)
                .param("id", id).param("runner", runner).param("lease", utc(leaseUntil)).param("done", chunksDone)
                .param("ready", chunksReady).update());
    }

    /** Records the result; false when the job is no longer this runner's, or someone asked to cancel it. */
    boolean succeed(String id, String runner, int chunks, Duration duration, Duration workerTime, int[] chunkEnds,
            CheckReport checks, Instant now) {
        return ended(id, jdbc.sql("""
                UPDATE generations SET status = 'SUCCEEDED', chunks_done = :chunks, duration_ms = :duration,
                    worker_ms = :worker, chunk_ends = :ends, checks = :checks, finished_at = :now, lease_until = NULL,
                    error = NULL
                WHERE id = :id AND runner_id = :runner AND status = 'RUNNING' AND cancel_requested = FALSE
                """)
                .param("id", id).param("runner", runner).param("chunks", chunks).param("duration", duration.toMillis())
                .param("worker", workerTime.toMillis())
                .param("ends", Arrays.stream(chunkEnds).mapToObj(Integer::toString).collect(Collectors.joining(",")))
                .param("checks", checks == null ? null : JSON.writeValueAsString(checks))
                .param("now", utc(now))
                .update());
    }

    /** Where each chunk's part of a finished generation's audio ends, in samples; empty before it succeeded. */
    Optional<int[]> chunkEnds(String id) {
        return jdbc.sql("SELECT chunk_ends FROM generations WHERE id = :id").param("id", id)
                .query(String.class).list().stream().filter(ends -> ends != null && !ends.isEmpty()).findFirst()
                .map(ends -> Arrays.stream(ends.split(",")).mapToInt(Integer::parseInt).toArray());
    }

    /** Ends a running job as failed or cancelled. */
    boolean finish(String id, String runner, Generation.Status status, String error, Instant now) {
        return ended(id, jdbc.sql("""
                UPDATE generations SET status = :status, error = :error, finished_at = :now, lease_until = NULL
                WHERE id = :id AND runner_id = :runner AND status = 'RUNNING'
                """)
                .param("id", id).param("runner", runner).param("status", status.name()).param("error", error)
                .param("now", utc(now))
                .update());
    }

    /** Puts a job that failed for a passing reason back in the queue, not to be taken before {@code notBefore}. */
    boolean requeue(String id, String runner, String error, Instant notBefore) {
        return changed(id, jdbc.sql("""
                UPDATE generations SET status = 'QUEUED', error = :error, lease_until = :notBefore, runner_id = NULL
                WHERE id = :id AND runner_id = :runner AND status = 'RUNNING'
                """)
                .param("id", id).param("runner", runner).param("error", error).param("notBefore", utc(notBefore))
                .update());
    }

    /** Cancels a queued job at once, or asks its runner to stop; false when it had already finished. */
    boolean requestCancel(String id, Instant now) {
        int queued = jdbc.sql("""
                UPDATE generations SET status = 'CANCELLED', cancel_requested = TRUE, finished_at = :now,
                    lease_until = NULL
                WHERE id = :id AND status = 'QUEUED'
                """).param("id", id).param("now", utc(now)).update();
        int running = jdbc.sql("UPDATE generations SET cancel_requested = TRUE WHERE id = :id AND status = 'RUNNING'")
                .param("id", id).update();
        ended(id, queued);
        return changed(id, queued + running);
    }

    boolean cancelRequested(String id) {
        return jdbc.sql("SELECT cancel_requested FROM generations WHERE id = :id").param("id", id)
                .query(Boolean.class).optional().orElse(true);
    }

    boolean delete(String id) {
        return changed(id, jdbc.sql("DELETE FROM generations WHERE id = :id").param("id", id).update());
    }

    /** True when the statement changed the row; followers of the generation then look again at once. */
    private boolean changed(String id, int rows) {
        if (rows > 0) {
            changes.changed(id);
        }
        return rows > 0;
    }

    /** As {@link #changed}, for a statement that ends the job: what waits for its end is told too. */
    private boolean ended(String id, int rows) {
        if (rows > 0) {
            changes.ended(id);
        }
        return changed(id, rows);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Duration millis(ResultSet row, String column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : Duration.ofMillis(value);
    }

    private static Generation map(ResultSet row, int n) throws SQLException {
        long seed = row.getLong("seed");
        Long seedOrNull = row.wasNull() ? null : seed;
        return new Generation(row.getString("id"), row.getString("owner_id"), row.getString("voice_id"), row.getString("voice_name"),
                row.getString("text"), row.getString("language"), seedOrNull, row.getString("sampling"),
                Generation.Status.valueOf(row.getString("status")), row.getInt("chunks_total"),
                row.getInt("chunks_done"), row.getInt("chunks_ready"), row.getInt("attempts"), row.getString("error"),
                row.getBoolean("cancel_requested"), millis(row, "duration_ms"), millis(row, "worker_ms"),
                instant(row, "created_at"), instant(row, "started_at"), instant(row, "finished_at"),
                row.getBoolean("self_check"), checks(row.getString("checks")), row.getString("instructions"),
                row.getString("spoken_text"), row.getString("part_of"));
    }

    private static CheckReport checks(String json) {
        return json == null ? null : JSON.readValue(json, CheckReport.class);
    }
}
