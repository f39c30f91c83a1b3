package app.utter.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.accounts.Accounts;
import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;
import app.utter.tts.FakeWorker;
import app.utter.voices.VoiceLibrary;
import tools.jackson.databind.JsonNode;

/**
 * The app sizes its work from what the worker says it decodes at once (3 streams, 1 waiting here), marks each
 * text's first part, counts the worker's own time, and keeps no chunk files beside the stitched audio.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "utter.generation.poll=50ms", "management.endpoint.health.show-details=always"})
class CapacityTests {

    static FakeWorker worker;

    @LocalServerPort
    int port;

    @Autowired
    VoiceLibrary voices;

    @Autowired
    Accounts accounts;

    @Autowired
    GenerationRepository repository;

    ApiClient api;
    String voiceId;
    static Path dataDir;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        worker = new FakeWorker().capacity(3, 1);
        dataDir = Files.createTempDirectory("utter-capacity-");
        registry.add("utter.data-dir", dataDir::toString);
        registry.add("utter.tts.worker.base-url", worker::baseUrl);
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    @BeforeEach
    void voice() {
        TestAccounts.TestUser user = new TestAccounts(accounts, port).newUser("capacity");
        api = user.api();
        voiceId = TestVoices.create(voices, user.owner(), "Narrator", AudioFixtures.voiceClips().getFirst()).id();
    }

    @Test
    void theHealthPageSaysWhatTheInstanceRunsAtOnceAndWhy() {
        JsonNode generation = awaitSizedByTheWorker();

        assertThat(generation.get("parallelChunks").asInt()).isEqualTo(3); // as many as the worker decodes together
        assertThat(generation.get("workerRequests").asInt()).isEqualTo(4); // 3 decoding, 1 waiting
        assertThat(generation.get("concurrentJobs").asInt()).isEqualTo(4);
        assertThat(generation.get("basis").asString()).isEqualTo("the worker decodes 3 streams with 1 waiting");
    }

    @Test
    void requestsInFlightFollowTheWorkersCapacityAndFirstPartsAreMarked() {
        awaitSizedByTheWorker();
        worker.latency(Duration.ofMillis(60), Duration.ZERO);
        int before = worker.requests().size();
        String text = "Every sentence here becomes a chunk of its own, spoken on its own. ".repeat(30);

        List<String> ids = List.of(submit(text), submit(text), submit(text));
        ids.forEach(this::awaitSucceeded);

        assertThat(worker.mostAtOnce()).isEqualTo(4);
        List<Integer> parts = worker.requests().subList(before, worker.requests().size()).stream()
                .filter(seen -> seen.path().equals("/v1/synthesize")).map(seen -> seen.body().get("part").asInt())
                .toList();
        assertThat(parts).hasSize(3 * repository.findById(ids.getFirst()).orElseThrow().chunksTotal());
        assertThat(parts.stream().filter(part -> part == 0)).hasSize(3);
    }

    @Test
    void aFinishedGenerationKeepsNoChunkFilesAndServesItsPartsFromTheWholeAudio() throws Exception {
        String sentence = "This sentence is long enough that no other sentence fits beside it in one part of the speech, "
                + "because a part holds at most three hundred characters and this one takes up well over half of that. ";
        String id = submit(sentence.repeat(3));
        awaitSucceeded(id);

        try (var files = Files.walk(dataDir.resolve("audio").resolve("generations").resolve(id))) {
            assertThat(files.map(path -> path.getFileName().toString())).containsExactlyInAnyOrder(id, "audio.wav");
        }
        byte[] whole = api.get("/api/v1/generations/" + id + "/audio?format=wav").body();
        int chunks = repository.findById(id).orElseThrow().chunksTotal();
        java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < chunks; i++) {
            ApiClient.Response part = api.get("/api/v1/generations/" + id + "/chunks/" + i);
            assertThat(part.status()).isEqualTo(200);
            joined.writeBytes(java.util.Arrays.copyOfRange(part.body(), 44, part.body().length));
        }
        assertThat(chunks).isEqualTo(3);
        assertThat(joined.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(whole, 44, whole.length));
    }

    @Test
    void theWorkersOwnTimeIsWhatCountsAsWorkerTime() {
        worker.reportTime(Duration.ofMillis(1234));
        try {
            String id = submit("Just one short sentence.");
            awaitSucceeded(id);

            assertThat(repository.findById(id).orElseThrow().workerTime()).isEqualTo(Duration.ofMillis(1234));
        } finally {
            worker.reportTime(null);
        }
    }

    private JsonNode awaitSizedByTheWorker() {
        Instant deadline = Instant.now().plusSeconds(20);
        while (true) {
            JsonNode generation = api.get("/actuator/health").json().path("components").path("generation").path("details");
            if (generation.path("basis").asString("").startsWith("the worker")) {
                return generation;
            }
            assertThat(Instant.now()).isBefore(deadline);
            pause();
        }
    }

    private String submit(String text) {
        ApiClient.Response created = api.postJson("/api/v1/generations", java.util.Map.of("voice_id", voiceId, "text", text));
        assertThat(created.status()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private void awaitSucceeded(String id) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!repository.findById(id).orElseThrow().status().finished()) {
            assertThat(Instant.now()).isBefore(deadline);
            pause();
        }
        assertThat(repository.findById(id).orElseThrow().status()).isEqualTo(Generation.Status.SUCCEEDED);
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
