package app.utter.generation;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.LocalPostgres;

/** The same generation tests on PostgreSQL: job claiming, leases and resume must hold there too. */
class PostgresGenerationTests extends GenerationTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LocalPostgres.get().useIn(registry, LocalPostgres.get().jdbcUrl());
    }
}
