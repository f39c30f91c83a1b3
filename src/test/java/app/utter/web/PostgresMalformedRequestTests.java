package app.utter.web;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.LocalPostgres;

/** The same malformed requests on PostgreSQL, which refuses some text (NUL) that H2 stores. */
class PostgresMalformedRequestTests extends MalformedRequestTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LocalPostgres postgres = LocalPostgres.get();
        dataDirectory(registry, "utter-malformed-pg-");
        registry.add("spring.datasource.url", postgres::jdbcUrl);
        registry.add("spring.datasource.username", postgres::username);
        registry.add("spring.datasource.password", postgres::password);
    }
}
