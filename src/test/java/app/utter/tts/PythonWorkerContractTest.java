package app.utter.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.utter.support.AudioFixtures;

/**
 * The adapter against the real Python worker (worker/, its deterministic fake engine), so that the Java client
 * and the Python server cannot drift apart. Needs worker/.venv (worker/scripts/test.sh makes it); skipped without
 * it, except on CI.
 */
class PythonWorkerContractTest {

    static final Path PYTHON = Path.of("worker", ".venv", "bin", "python").toAbsolutePath();
    static final Path CLIP = AudioFixtures.DIR.resolve("nature-en.wav");
    static final String TRANSCRIPT = "Some call me nature, others call me mother nature.";
    static final String TOKEN = "contract-test-token";
    static final int SAMPLES_PER_FRAME = 1920;

    static Process process;
    static Path log;
    static WorkerTtsEngine engine;
    static String baseUrl;
    static String skipReason;

    @BeforeAll
    static void startWorker() throws Exception {
        if (!Files.isExecutable(PYTHON)) {
            String why = "no Python worker venv at " + PYTHON + "; create it with worker/scripts/test.sh";
            if ("true".equals(System.getenv("CI"))) {
                fail(why);
            }
            skipReason = why;
            return;
        }
        int port = freePort();
        log = Files.createTempFile("utter-python-worker-", ".log");
        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "-m", "utter_worker", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--log-level", "warning")
                .directory(Path.of("worker").toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("UTTER_ENGINE", "fake");
        builder.environment().put("UTTER_AUTH_TOKEN", TOKEN);
        process = builder.start();
        baseUrl = "http://127.0.0.1:" + port;
        engine = new WorkerTtsEngine(new WorkerProperties(baseUrl, TOKEN, null, null, Duration.ofSeconds(2),
                Duration.ofSeconds(20), 1, Duration.ofMillis(50), 2.0, Duration.ofMillis(200), 0));
        awaitHealthy(Instant.now().plusSeconds(30));
    }

    // Skipping per test, not in @BeforeAll, so that the reason shows in the build's report.
    @BeforeEach
    void needsTheWorker() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void stopWorker() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void healthDescribesTheFakeEngine() {
        WorkerHealth health = engine.health();

        assertThat(health.protocolVersion()).isEqualTo(1);
        assertThat(health.engine()).isEqualTo("fake");
        assertThat(health.model().key()).isEqualTo("fake/utter-fake");
        assertThat(health.sampleRate()).isEqualTo(24000);
        assertThat(health.auth()).isEqualTo("bearer");
        assertThat(health.languages()).contains("English", "Chinese");
    }

    @Test
    void aRealClipBecomesAPromptThatSpeaksABatch() {
        VoicePrompt prompt = engine.createPrompt(CLIP, TRANSCRIPT, false);
        assertThat(prompt.model()).isEqualTo("fake/utter-fake");
        assertThat(prompt.formatVersion()).isEqualTo(1);
        assertThat(new String(prompt.bytes(), 0, 4)).isEqualTo("UTVP");

        List<String> texts = List.of("Hello from the contract test.", "Second item.");
        RecordingListener heard = new RecordingListener();
        SynthesisResult result = engine.synthesize(
                new SynthesisRequest(texts, "English", prompt, null, 42L, null), heard);

        assertThat(heard.start.seed()).isEqualTo(42);
        assertThat(heard.start.items()).isEqualTo(2);
        assertThat(heard.itemOrder()).isSorted();
        assertThat(heard.done).containsExactly(0, 1);
        for (int item = 0; item < texts.size(); item++) {
            long advertised = result.itemSamples().get(item);
            assertThat(advertised).isEqualTo((2L + texts.get(item).length()) * SAMPLES_PER_FRAME);
            assertThat(heard.pcm(item)).hasSize((int) (2 * advertised));
        }
        assertThat(result.samples()).isEqualTo(result.itemSamples().stream().mapToLong(Long::longValue).sum());

        RecordingListener again = new RecordingListener();
        engine.synthesize(SynthesisRequest.of(texts.getFirst(), "English", prompt).withSeed(42), again);
        assertThat(again.pcm(0)).as("same seed, same audio").isEqualTo(heard.pcm(0));
    }

    @Test
    void refusalsMapToTheirExceptions() {
        VoicePrompt prompt = engine.createPrompt(CLIP, TRANSCRIPT, false);
        byte[] future = prompt.bytes();
        future[4] = 9;

        assertThatThrownBy(() -> engine.synthesize(SynthesisRequest.of("Hi.", "English",
                new VoicePrompt(future, prompt.model(), 9)), new RecordingListener()))
                .isInstanceOfSatisfying(PromptRebuildRequiredException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("prompt-version-unsupported"));
        assertThatThrownBy(() -> engine.synthesize(SynthesisRequest.of("Hi.", "Klingon", prompt),
                new RecordingListener()))
                .isInstanceOfSatisfying(TtsRejectedException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("unsupported-language"));
        WorkerTtsEngine noToken = TestWorkers.engine(baseUrl);
        assertThatThrownBy(() -> noToken.createPrompt(CLIP, TRANSCRIPT, false))
                .isInstanceOfSatisfying(TtsRejectedException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("unauthorized"));
    }

    private static void awaitHealthy(Instant deadline) throws IOException, InterruptedException {
        while (true) {
            try {
                engine.health();
                return;
            } catch (TtsUnavailableException e) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    fail("the Python worker did not start: " + e.getMessage() + "\n" + Files.readString(log));
                }
                Thread.sleep(100);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
