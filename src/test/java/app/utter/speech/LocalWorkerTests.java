package app.utter.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.accounts.Accounts;
import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.TestAccounts;
import app.utter.tts.PythonWorker;
import tools.jackson.databind.JsonNode;

/**
 * Utter started with no worker address brings up its own worker and speaks through the real qwen-tts code on the
 * CPU (a tiny model with random weights: real ones cannot be downloaded here), and when that worker's process is
 * killed, starts it again and finishes the generation. Needs torch and qwen-tts in worker/.venv
 * (worker/scripts/install-real-engine.sh); skipped without them, except on CI.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalWorkerTests {

    static final Path VENV = PythonWorker.PYTHON.getParent().getParent();

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    TestAccounts.TestUser admin;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("utter.data-dir", LocalWorkerStates::dataDir);
        if (RealEngine.missing(VENV) == null) { // else it would install torch there: the test is skipped instead
            registry.add("utter.local-worker.auto-start", () -> "true");
        }
        registry.add("utter.local-worker.venv", VENV::toString);
        registry.add("utter.local-worker.model", () -> "random:tiny");
        registry.add("utter.generation.poll", () -> "100ms");
        registry.add("utter.generation.retry-delay", () -> "1s");
    }

    @BeforeAll
    void admin() {
        RealEngine.requireInstalled(VENV);
        admin = new TestAccounts(accounts, port).admin();
    }

    @Test
    void aVoiceIsClonedAndSpokenThroughTheLocalWorkerWhichIsStartedAgainWhenItDies() throws Exception {
        JsonNode local = LocalWorkerStates.reach(admin.browser(), "ready");
        assertThat(local.get("device").asString()).isEqualTo("cpu");
        assertThat(local.get("speed").asDouble()).isPositive();
        ApiClient api = admin.api();
        AudioFixtures.Clip clip = AudioFixtures.voiceClips().getFirst();
        ApiClient.Response voice = api.postMultipart("/api/v1/voices", Map.of("name", "Narrator", "audio", clip.path(),
                "transcript", clip.transcript(), "language", clip.language(), "consent", "true"));
        assertThat(voice.status()).as(voice.text()).isEqualTo(201);
        String voiceId = voice.json().get("id").asString();

        JsonNode first = api.awaitGeneration(submit(api, voiceId, "Spoken by qwen-tts on this machine."));
        assertThat(first.get("status").asString()).as(first.toString()).isEqualTo("succeeded");
        assertThat(api.get(first.get("links").get("audio").asString()).body().length).isGreaterThan(44);

        ProcessHandle.of(local.get("pid").asLong()).orElseThrow().destroyForcibly();
        String second = submit(api, voiceId, "Spoken after the worker was started again.");

        JsonNode done = awaitFinished(api, second);
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        JsonNode after = LocalWorkerStates.reach(admin.browser(), "ready");
        assertThat(after.get("restarts").asInt()).isEqualTo(1);
        assertThat(after.get("pid").asLong()).isNotEqualTo(local.get("pid").asLong());
        assertThat(admin.browser().get("/api/v1/admin/speech/log").text()).contains("random:tiny");
    }

    private static JsonNode awaitFinished(ApiClient api, String id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (true) {
            JsonNode generation = api.get("/api/v1/generations/" + id).json();
            if (!java.util.List.of("queued", "running").contains(generation.get("status").asString())) {
                return generation;
            }
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(200);
        }
    }

    private static String submit(ApiClient api, String voiceId, String text) {
        ApiClient.Response created = api.postJson("/api/v1/generations", Map.of("voice_id", voiceId, "text", text,
                "language", "English"));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }
}
