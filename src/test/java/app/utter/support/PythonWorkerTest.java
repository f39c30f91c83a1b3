package app.utter.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import app.utter.accounts.Accounts;
import app.utter.tts.PythonWorker;

/**
 * The app on a random port in front of the real Python worker with its fake engine and fake listener (which hears
 * the fixtures README's transcripts and exactly what the fake engine said). Each test class starts its worker,
 * with the UTTER_* settings it needs, from its own {@code @DynamicPropertySource} through {@link #startWorker}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "utter.generation.poll=50ms", "utter.generation.retry-delay=50ms"})
public abstract class PythonWorkerTest {

    protected static PythonWorker worker;

    @LocalServerPort
    protected int port;

    @Autowired
    protected Accounts accounts;

    /** Starts a worker with these settings, and points a fresh Utter (its own data folder) at it. */
    protected static void startWorker(DynamicPropertyRegistry registry, Map<String, String> settings)
            throws IOException, InterruptedException {
        Assumptions.assumeTrue(PythonWorker.unavailableBecause() == null || "true".equals(System.getenv("CI")),
                PythonWorker.unavailableBecause());
        worker = PythonWorker.start(settings);
        Path dataDir = Files.createTempDirectory("utter-worker-test-");
        PythonWorker started = worker;
        registry.add("utter.data-dir", dataDir::toString);
        registry.add("utter.tts.worker.base-url", started::baseUrl);
        registry.add("utter.tts.worker.bearer-token", started::token);
    }

    @AfterAll
    static void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    protected TestAccounts.TestUser newUser(String prefix) {
        return new TestAccounts(accounts, port).newUser(prefix);
    }
}
