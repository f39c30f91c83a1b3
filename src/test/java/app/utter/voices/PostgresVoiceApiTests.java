package app.utter.voices;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.LocalPostgres;

/** The same voice API tests on PostgreSQL: configuration alone switches the database. */
class PostgresVoiceApiTests extends VoiceApiTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LocalPostgres postgres = LocalPostgres.get();
        registry.add("utter.data-dir", () -> H2VoiceApiTests.tempDir("utter-pg-"));
        registry.add("spring.datasource.url", postgres::jdbcUrl);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
    }
}
