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
        // its checks count every row: none of other tests'
        postgres.useIn(registry, postgres.newDatabase("malformed"));
    }
}
