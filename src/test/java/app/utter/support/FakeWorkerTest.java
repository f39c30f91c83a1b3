package app.utter.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;

import app.utter.accounts.Accounts;
import app.utter.tts.FakeWorker;
import app.utter.voices.VoiceLibrary;

/**
 * The app on a random port in front of the in-repo Java fake worker, with a data folder of its own. Each test class
 * starts its worker from its own {@code @DynamicPropertySource} through {@link #startWorker}; a subclass's own
 * {@code @SpringBootTest} may add settings.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "utter.generation.poll=50ms")
public abstract class FakeWorkerTest {

    protected static FakeWorker worker;

    @LocalServerPort
    protected int port;

    @Autowired
    protected Accounts accounts;

    @Autowired
    protected VoiceLibrary voices;

    /** Starts a fake worker and points a fresh Utter (its own data folder, named after {@code name}) at it. */
    protected static void startWorker(DynamicPropertyRegistry registry, String name) throws IOException {
        worker = FakeWorker.started();
        FakeWorker started = worker;
        Path dataDir = Files.createTempDirectory("utter-" + name + "-");
        registry.add("utter.data-dir", dataDir::toString);
        registry.add("utter.tts.worker.base-url", started::baseUrl);
    }

    @AfterAll
    static void stopWorker() {
        if (worker != null) {
            worker.close();
            worker = null;
        }
    }

    protected TestAccounts.TestUser newUser(String prefix) {
        return new TestAccounts(accounts, port).newUser(prefix);
    }
}
