package app.utter.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

import app.utter.tts.PythonWorker;

/**
 * A worker that listens, for tests of transcripts, captions and the self-check: the real Python worker with its
 * fake engine and fake listener, which hears the fixtures README's transcripts and exactly what the fake engine said.
 */
public final class ListeningWorker {

    private ListeningWorker() {
    }

    /** Starts one with these UTTER_* settings, and points a fresh Utter (its own data folder) at it. */
    public static PythonWorker start(DynamicPropertyRegistry registry, Map<String, String> settings)
            throws IOException, InterruptedException {
        Assumptions.assumeTrue(PythonWorker.unavailableBecause() == null || "true".equals(System.getenv("CI")),
                PythonWorker.unavailableBecause());
        PythonWorker worker = PythonWorker.start(settings);
        Path dataDir = Files.createTempDirectory("utter-listening-");
        registry.add("utter.data-dir", dataDir::toString);
        registry.add("utter.tts.worker.base-url", worker::baseUrl);
        registry.add("utter.tts.worker.bearer-token", worker::token);
        return worker;
    }
}
