package app.utter.scripts;

import java.io.IOException;
import java.nio.file.Files;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.LocalPostgres;

/** The same script tests on PostgreSQL, the restart one on a database of its own. */
class PostgresScriptTests extends ScriptTests {

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        LocalPostgres.get().useIn(registry, LocalPostgres.get().jdbcUrl());
    }

    @Override
    String[] restartableApp() throws IOException {
        LocalPostgres postgres = LocalPostgres.get();
        return new String[] {"--server.port=0", "--logging.level.root=WARN",
                "--utter.data-dir=" + Files.createTempDirectory("utter-restart-"),
                "--spring.datasource.url=" + postgres.newDatabase("utter_restart"),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--utter.tts.worker.base-url=" + worker.baseUrl(), "--utter.generation.lease=1s",
                "--utter.generation.poll=50ms", "--utter.generation.concurrent-jobs=2"};
    }
}
