package app.utter.voices;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.LocalPostgres;

/** The same voice API tests on PostgreSQL: configuration alone switches the database. */
class PostgresVoiceApiTests extends VoiceApiTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("utter.data-dir", () -> H2VoiceApiTests.tempDir("utter-pg-"));
        LocalPostgres.get().useIn(registry, LocalPostgres.get().jdbcUrl());
    }
}
