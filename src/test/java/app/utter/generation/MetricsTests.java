package app.utter.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.FakeWorkerTest;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;
import app.utter.tts.FakeWorker;

/** The figures operators scrape at /actuator/prometheus, with an admin's API key only. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "utter.generation.poll=50ms", "utter.tts.worker.max-retries=0"})
class MetricsTests extends FakeWorkerTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        startWorker(registry, "metrics");
    }

    @Test
    void generationWorkerAndUploadFiguresAreScrapedByAnAdmin() throws IOException {
        TestAccounts.TestUser person = newUser("speaker");
        String voice = TestVoices.create(voices, person.owner(), "Counted", AudioFixtures.voiceClips().getFirst()).id();
        person.api().awaitGeneration(person.api().postJson("/api/v1/generations", Map.of("voice_id", voice,
                "text", "Measured from the first word.")).json().get("id").asString());
        worker.fail(FakeWorker.Fault.SERVER_ERROR, FakeWorker.Fault.SERVER_ERROR, FakeWorker.Fault.SERVER_ERROR,
                FakeWorker.Fault.SERVER_ERROR);
        person.api().postJson("/api/v1/generations", Map.of("voice_id", voice, "text", "This one meets errors."));
        Path notAudio = Files.writeString(Files.createTempFile("notes-", ".wav"), "just text");
        assertThat(person.api().postMultipart("/api/v1/voices", Map.of("name", "Broken", "audio", notAudio,
                "transcript", "Some words here.", "language", "English", "consent", "true")).status()).isEqualTo(422);

        ApiClient admin = new TestAccounts(accounts, port).admin().api();
        String figures = admin.get("/actuator/prometheus").text();
        for (long deadline = System.nanoTime() + 15_000_000_000L; !figures.contains("utter_worker_errors_total")
                && System.nanoTime() < deadline; figures = admin.get("/actuator/prometheus").text()) {
            GenerationTests.sleep(100); // the failing request is still being retried by the worker client
        }

        assertThat(figures).contains("utter_generation_jobs{state=\"queued\"}", "utter_generation_jobs{state=\"running\"}",
                "utter_generation_part_seconds_count", "utter_worker_request_seconds_bucket",
                "utter_generation_first_audio_seconds_count 1", "utter_worker_errors_total{kind=\"unavailable\"}",
                "utter_uploads_refused_total{reason=\"audio-not-audio\"} 1.0");
        assertThat(person.api().get("/actuator/prometheus").status()).isEqualTo(403);
        assertThat(new ApiClient(port).get("/actuator/prometheus").status()).isEqualTo(401);
    }
}
