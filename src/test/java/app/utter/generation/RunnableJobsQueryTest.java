package app.utter.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Runners look for work after every job and at every poll; that look must stay cheap however long the history
 * grows, by reading the index of queued and running jobs instead of every generation in date order.
 */
class RunnableJobsQueryTest {

    @Test
    void lookingForWorkReadsOnlyTheRunnableIndex() {
        DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:runnable-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
        JdbcClient jdbc = JdbcClient.create(db);
        jdbc.sql("""
                INSERT INTO generations (id, voice_id, voice_name, text, language, status, chunks_total, chunks_done,
                    attempts, cancel_requested, created_at)
                SELECT RANDOM_UUID(), 'v', 'Voice', 'Hello.', 'English', 'SUCCEEDED', 1, 1, 1, FALSE,
                    TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00' + X * INTERVAL '1' SECOND
                FROM SYSTEM_RANGE(1, 5000)
                """).update();
        String queued = UUID.randomUUID().toString();
        jdbc.sql("""
                INSERT INTO generations (id, voice_id, voice_name, text, language, status, chunks_total, chunks_done,
                    attempts, cancel_requested, created_at)
                VALUES (:id, 'v', 'Voice', 'Hello.', 'English', 'QUEUED', 1, 0, 0, FALSE, CURRENT_TIMESTAMP)
                """).param("id", queued).update();
        var now = Instant.now().atOffset(ZoneOffset.UTC);

        String plan = jdbc.sql("EXPLAIN " + GenerationRepository.RUNNABLE).param("now", now).param("limit", 4)
                .query(String.class).single();

        assertThat(plan).contains("GENERATIONS_RUNNABLE").doesNotContain("index sorted");
        assertThat(jdbc.sql(GenerationRepository.RUNNABLE).param("now", now).param("limit", 4).query(String.class)
                .list()).containsExactly(queued);
    }
}
