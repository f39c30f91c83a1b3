package app.utter.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.accounts.Accounts;
import app.utter.support.StoredAudio;
import app.utter.support.TestAccounts;
import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.AudioFixtures;
import app.utter.support.TestVoices;
import app.utter.tts.FakeWorker;
import app.utter.voices.VoiceLibrary;
import app.utter.voices.VoicePrompts;
import tools.jackson.databind.JsonNode;

/** Generations end to end against the fake worker: states, long texts, failures, cancel, restarts, two runners. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "utter.generation.lease=1s", "utter.generation.poll=50ms", "utter.generation.retry-delay=50ms",
        "utter.tts.worker.max-retries=1", "utter.tts.worker.retry-delay=10ms", "utter.tts.worker.read-timeout=1s"})
class GenerationTests {

    static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    static FakeWorker worker;

    @LocalServerPort
    int port;

    @Autowired
    VoiceLibrary voices;

    @Autowired
    VoicePrompts prompts;

    @Autowired
    GenerationRunner runner;

    @Autowired
    GenerationRepository repository;

    @Autowired
    GenerationJob.Factory jobs;

    @Autowired
    GenerationProperties properties;

    @Autowired
    JobCapacity capacity;

    @Autowired
    app.utter.storage.BlobStore store;

    @Autowired
    Accounts accounts;

    @Autowired
    org.springframework.core.env.Environment settings;

    TestAccounts.TestUser user;
    ApiClient api;
    String voiceId;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        worker = new FakeWorker();
        Path dir = Files.createTempDirectory("utter-generation-");
        registry.add("utter.data-dir", dir::toString);
        registry.add("utter.tts.worker.base-url", worker::baseUrl);
        registry.add("utter.accounts.limits.concurrent-jobs", () -> "16"); // some tests queue 8 jobs at once
        registry.add("utter.accounts.limits.characters-per-day", () -> "100000000"); // many 10,000-character texts
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    @BeforeEach
    void voiceWithPrompt() throws Exception {
        user = new TestAccounts(accounts, port).newUser("writer");
        api = user.api();
        worker.latency(Duration.ZERO, Duration.ZERO).model(FakeWorker.MODEL);
        AudioFixtures.Clip clip = AudioFixtures.voiceClips().getFirst();
        voiceId = TestVoices.create(voices, user.owner(), "Narrator", clip).id();
        prompts.forVoice(voiceId);
    }

    @Test
    void shortTextBecomesAudio() {
        Response created = submit("Hello there, how are you today?");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("queued");
        JsonNode done = awaitFinished(created.json().get("id").asString());

        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("language").asString()).isEqualTo("English");
        assertThat(api.get("/api/v1/voices/" + voiceId).json().get("uses").asInt()).as("counted for most-used").isOne();
        Response audio = api.get(done.get("links").get("audio").asString());
        AudioFixtures.WavFormat wav = AudioFixtures.wavFormat(audio.body());
        assertThat(wav.sampleRate()).isEqualTo(24_000);
        assertThat(wav.seconds()).isCloseTo(done.get("duration_seconds").asDouble(), offset(0.01));
        assertThat(wav.seconds()).isGreaterThan(0.2);

        String audioUrl = done.get("links").get("audio").asString();
        Map<String, String> magic = Map.of("mp3", "ID3", "opus", "OggS", "flac", "fLaC", "aac", "ftyp");
        magic.forEach((format, signature) -> {
            Response encoded = api.download(audioUrl + "?format=" + format + "&download=true");
            assertThat(encoded.status()).isEqualTo(200);
            assertThat(encoded.header("Content-Disposition")).startsWith("attachment");
            assertThat(new String(encoded.body(), 0, 12, java.nio.charset.StandardCharsets.ISO_8859_1)).contains(signature);
        });
        assertThat(api.get(audioUrl + "?format=ogg-vorbis").status()).isEqualTo(400);
        AudioFixtures.WavFormat faster = AudioFixtures.wavFormat(api.get(audioUrl + "?speed=1.5").body());
        assertThat(faster.seconds()).isCloseTo(wav.seconds() / 1.5, offset(0.05));
        assertThat(api.get(audioUrl + "?speed=3").status()).isEqualTo(400);
        assertThat(api.get(audioUrl + "?format=mp3&quality=high").body().length)
                .isGreaterThan(api.get(audioUrl + "?format=mp3&quality=low").body().length);
        assertThat(api.get(audioUrl + "?format=mp3&quality=best").status()).isEqualTo(400);
    }

    @Test
    void aVoiceSampleIsMadeOnceAndThenKept() {
        int before = synthesisCalls().size();

        Response sample = api.get("/api/v1/voices/" + voiceId + "/sample");

        assertThat(sample.status()).isEqualTo(200);
        assertThat(sample.header("Content-Type")).isEqualTo("audio/wav");
        assertThat(AudioFixtures.wavFormat(sample.body()).seconds()).isGreaterThan(0.2);
        assertThat(api.get("/api/v1/voices/" + voiceId + "/sample").body()).isEqualTo(sample.body());
        assertThat(synthesisCalls().size()).as("made once").isEqualTo(before + 1);
    }

    @Test
    void withAWorkerThatDoesNotListenEverythingWorksAsBeforeWithANote() {
        JsonNode done = awaitFinished(submit("Checked by nobody, spoken all the same.").json().get("id").asString());

        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(done.get("self_check").asBoolean()).isTrue();
        assertThat(done.get("checks").get("checked").asInt()).isZero();
        assertThat(done.get("checks").get("note").asString())
                .isEqualTo("Not checked: this Utter's speech worker does not transcribe speech.");
        assertThat(done.get("links").has("captions")).isFalse();
        Response captions = api.get("/api/v1/generations/" + done.get("id").asString() + "/captions?format=srt");
        assertThat(captions.status()).isEqualTo(409);
        assertThat(captions.json().get("detail").asString()).contains("does not time words");

        Response heard = api.postMultipart("/api/v1/transcriptions", Map.of("audio",
                AudioFixtures.voiceClips().getFirst().path()));
        assertThat(heard.status()).isEqualTo(409);
        assertThat(heard.json().get("type").asString()).endsWith("listening-unavailable");
        Response untyped = api.postMultipart("/api/v1/voices", Map.of("name", "Untyped", "consent", "true",
                "language", "English", "audio", AudioFixtures.voiceClips().getFirst().path()));
        assertThat(untyped.status()).isEqualTo(400);
        assertThat(untyped.json().get("errors").get(0).get("message").asString()).contains("Type exactly");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh", "ja"})
    void tenThousandCharactersInEachScript(String script) {
        String sentence = switch (script) {
            case "en" -> "The quick brown fox jumps over the lazy dog, and the dog does not mind at all. ";
            case "zh" -> "对，这就是我，万人敬仰的太乙真人。";
            default -> "今日はいい天気ですね。散歩に行きましょうか？";
        };
        String text = sentence.repeat(10_000 / sentence.length()).strip();
        int before = synthesisCalls().size();

        JsonNode done = awaitFinished(submit(text).json().get("id").asString());

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        int chunks = done.get("progress").get("chunks_total").asInt();
        List<FakeWorker.Seen> calls = synthesisCalls().subList(before, synthesisCalls().size());
        assertThat(calls).hasSize(chunks);
        int limit = script.equals("en") ? 300 : 100;
        assertThat(calls).allSatisfy(call -> assertThat(call.body().get("text").asString().length()).isLessThanOrEqualTo(limit));
        assertThat(done.get("progress").get("chunks_playable").asInt()).isEqualTo(chunks);
        assertThat(done.get("duration_seconds").asDouble()).isGreaterThan(text.length() * 0.01 * 0.9);
    }

    @Test
    void eventsShowEveryStateAndChunkProgress() throws Exception {
        worker.latency(Duration.ofMillis(150), Duration.ZERO);
        runner.stop(); // hold the job in the queue until the event stream is open
        String id;
        java.util.concurrent.CompletableFuture<String> events;
        try {
            id = submit("First sentence here. ".repeat(150)).json().get("id").asString();
            events = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> api.get("/api/v1/generations/" + id + "/events", "Accept", "text/event-stream").text());
            sleep(300);
        } finally {
            runner.start();
        }
        List<JsonNode> progress = events.get(30, java.util.concurrent.TimeUnit.SECONDS).lines()
                .filter(line -> line.startsWith("data:")).map(line -> JSON.readTree(line.substring(5))).toList();

        List<String> states = progress.stream().map(p -> p.get("status").asString()).distinct().toList();
        assertThat(states).containsExactly("queued", "running", "succeeded");
        int total = progress.getLast().get("progress").get("chunks_total").asInt();
        assertThat(total).isGreaterThan(8);
        assertThat(progress).anySatisfy(p -> assertThat(p.get("progress").get("chunks_playable").asInt()).isBetween(1, total - 1));
        assertThat(progress.getLast().get("links").get("audio").asString()).endsWith("/audio");
    }

    @Test
    void cancelStopsAJobMidway() throws Exception {
        worker.latency(Duration.ofMillis(150), Duration.ZERO);
        String id = submit("A sentence that takes a while to speak. ".repeat(60)).json().get("id").asString();
        awaitChunks(id, 1);

        Response cancelled = api.postJson("/api/v1/generations/" + id + "/cancel", Map.of());
        assertThat(cancelled.status()).isEqualTo(200);
        JsonNode done = awaitFinished(id);

        assertThat(done.get("status").asString()).isEqualTo("cancelled");
        assertThat(done.get("progress").get("chunks_done").asInt()).isLessThan(done.get("progress").get("chunks_total").asInt());
        assertThat(api.postJson("/api/v1/generations/" + id + "/cancel", Map.of()).status()).isEqualTo(409);
        assertThat(api.get("/api/v1/generations/" + id + "/audio").status()).isEqualTo(409);
    }

    @ParameterizedTest
    @EnumSource(value = FakeWorker.Fault.class, names = {"SERVER_ERROR", "BAD_GATEWAY", "STALL", "DROP_MID_STREAM",
            "CUT_MID_STREAM", "ERROR_FRAME", "REDIRECT"})
    void passingWorkerFailuresAreRetried(FakeWorker.Fault fault) {
        worker.fail(fault, fault); // the worker client retries some once itself; the job retries the rest
        JsonNode done = awaitFinished(submit("Say this despite the trouble.").json().get("id").asString());
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
    }

    @Test
    void aWorkerThatKeepsFailingEndsInAClearFailure() {
        // 3 job attempts, each a request and the worker client's one retry
        worker.fail(java.util.Collections.nCopies(6, FakeWorker.Fault.SERVER_ERROR).toArray(FakeWorker.Fault[]::new));
        JsonNode done = awaitFinished(submit("This will not work.").json().get("id").asString());

        assertThat(done.get("status").asString()).isEqualTo("failed");
        assertThat(done.get("error").asString()).matches("The speech worker was not available\\. Utter tried 3 "
                + "times and stopped; retry once speech is back \\(the Speech page says where it stands\\)\\. "
                + "Reference [0-9a-f]{8}\\.");
        assertThat(repository.findById(done.get("id").asString()).orElseThrow().attempts()).isEqualTo(3);
    }

    @Test
    void aFailureTheSameTextWouldMeetAgainEndsTheJobAtOnce() {
        int before = synthesisCalls().size();
        worker.fail(FakeWorker.Fault.REFUSAL_FRAME);
        String id = submit("The worker will refuse this text mid-stream.").json().get("id").asString();
        JsonNode done = awaitFinished(id);

        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("failed");
        assertThat(done.get("error").asString()).contains("refused the text", FakeWorker.REFUSAL)
                .doesNotContain("try again");
        assertThat(repository.findById(id).orElseThrow().attempts()).isEqualTo(1);
        assertThat(synthesisCalls()).hasSize(before + 1);
    }

    @Test
    void deletingARunningGenerationLeavesNoFileOfIt() throws Exception {
        worker.latency(Duration.ofMillis(150), Duration.ZERO);
        int unanswered = unansweredWorkerRequests(); // some faults of earlier tests are never answered
        String id = submit("A sentence that takes a while to speak. ".repeat(60)).json().get("id").asString();
        awaitChunks(id, 1);

        assertThat(api.delete("/api/v1/generations/" + id).status()).isEqualTo(204);
        Instant deadline = Instant.now().plusSeconds(15);
        while (unansweredWorkerRequests() > unanswered && Instant.now().isBefore(deadline)) {
            sleep(10); // the chunks asked for before the deletion come back now
        }
        sleep(300); // and are stored at once
        while (!filesOf(id).isEmpty() && Instant.now().isBefore(deadline)) {
            sleep(20);
        }
        assertThat(filesOf(id)).isEmpty();
    }

    @Test
    void aPromptForAnotherModelIsRebuiltOnce() {
        long promptCalls = calls("/v1/prompts").size();
        worker.model("fake/utter-fake@rev9");
        JsonNode done = awaitFinished(submit("One. Two. Three. ".repeat(40)).json().get("id").asString());

        assertThat(done.get("status").asString()).isEqualTo("succeeded");
        assertThat(calls("/v1/prompts")).hasSize((int) promptCalls + 1);
        assertThat(prompts.forVoice(voiceId).model()).isEqualTo("fake/utter-fake@rev9");
    }

    @Test
    void aJobWhoseRunnerStoppedIsResumedByAnotherAndFinishesOnce() throws Exception {
        worker.latency(Duration.ofMillis(80), Duration.ZERO);
        String text = "Every sentence becomes one chunk of speech here. ".repeat(40);
        runner.stop();
        GenerationRunner first = new GenerationRunner(repository, jobs, properties, capacity);
        GenerationRunner second = new GenerationRunner(repository, jobs, properties, capacity);
        try {
            first.start();
            String id = submit(text).json().get("id").asString();
            awaitChunks(id, 2);
            first.stop(); // like an app killed mid-job: the lease is left to run out
            int doneWhenStopped = storedChunks(id);
            int callsWhenStopped = synthesisCalls().size();
            second.start();

            JsonNode done = awaitFinished(id);
            assertThat(done.get("status").asString()).isEqualTo("succeeded");
            Generation generation = repository.findById(id).orElseThrow();
            assertThat(generation.attempts()).isEqualTo(2);
            int total = generation.chunksTotal();
            assertThat(synthesisCalls().size() - callsWhenStopped).isEqualTo(total - doneWhenStopped);
        } finally {
            first.stop();
            second.stop();
            runner.start();
        }
    }

    @Test
    void twoRunnersShareOneDatabaseWithoutDoingAJobTwice() {
        GenerationRunner other = new GenerationRunner(repository, jobs, properties, capacity);
        other.start();
        try {
            int before = synthesisCalls().size();
            List<String> ids = java.util.stream.IntStream.range(0, 8)
                    .mapToObj(i -> submit("Job number " + i + " speaks. It has two sentences.").json().get("id").asString())
                    .toList();
            ids.forEach(id -> assertThat(awaitFinished(id).get("status").asString()).isEqualTo("succeeded"));
            assertThat(synthesisCalls().size() - before).isEqualTo(8);
            assertThat(ids).allSatisfy(id -> assertThat(repository.findById(id).orElseThrow().attempts()).isEqualTo(1));
        } finally {
            other.stop();
        }
    }

    @Test
    void badRequestsAreProblems() {
        assertThat(submit("").status()).isEqualTo(400);
        Response tooLong = submit("x".repeat(10_001));
        assertThat(tooLong.json().get("errors").get(0).get("message").asString()).contains("10,001 characters");
        assertThat(api.postJson("/api/v1/generations", Map.of("voice_id", "nope", "text", "Hi")).status()).isEqualTo(404);
        assertThat(api.postJson("/api/v1/generations", Map.of("voice_id", voiceId, "text", "Hi", "language", "Elvish"))
                .json().get("errors").get(0).get("field").asString()).isEqualTo("language");
        assertThat(api.postJson("/api/v1/generations", Map.of("voice_id", voiceId, "text", "Hi", "seed", -1))
                .status()).isEqualTo(400);
        assertThat(api.get("/api/v1/generations/nope").status()).isEqualTo(404);
    }

    @Test
    void originalApiKeepsItsShapes() {
        Response accepted = api.postJson("/api/generate", Map.of("voice_id", voiceId, "text", "Hello old client.",
                "language", "English"));
        assertThat(accepted.status()).isEqualTo(202);
        String taskId = accepted.json().get("task_id").asString();
        awaitFinished(taskId);

        JsonNode task = api.get("/api/tasks/" + taskId).json();
        assertThat(task.get("status").asString()).isEqualTo("completed");
        assertThat(task.get("result").get("generation_id").asString()).isEqualTo(taskId);
        assertThat(api.get(task.get("result").get("audio_url").asString()).status()).isEqualTo(200);
        JsonNode listed = api.get("/api/generations").json();
        assertThat(listed.get("generations").get(0).get("id").asString()).isEqualTo(taskId);
        assertThat(listed.get("pagination").get("page").asInt()).isEqualTo(1);
        assertThat(api.delete("/api/generations/" + taskId).json().get("success").asBoolean()).isTrue();
        assertThat(api.get("/api/tasks/" + taskId).status()).isEqualTo(404);
    }

    Response submit(String text) {
        return api.postJson("/api/v1/generations", Map.of("voice_id", voiceId, "text", text));
    }

    JsonNode awaitFinished(String id) {
        return api.awaitGeneration(id);
    }

    static int unansweredWorkerRequests() {
        return worker.requests().size() - worker.answered().size();
    }

    List<String> filesOf(String generationId) {
        return new StoredAudio(settings).keysUnder("generations/" + generationId);
    }

    void awaitChunks(String id, int chunks) {
        Instant deadline = Instant.now().plusSeconds(15);
        while (chunkFiles(id) < chunks) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("No progress on " + id);
            }
            sleep(10);
        }
    }

    int storedChunks(String id) {
        Generation generation = repository.findById(id).orElseThrow();
        return (int) java.util.stream.IntStream.range(0, generation.chunksTotal())
                .filter(i -> store.get(generation.chunkKey(i)).isPresent()).count();
    }

    int chunkFiles(String id) {
        return api.get("/api/v1/generations/" + id).json().get("progress").get("chunks_playable").asInt();
    }

    static List<FakeWorker.Seen> synthesisCalls() {
        return calls("/v1/synthesize");
    }

    static List<FakeWorker.Seen> calls(String path) {
        return worker.requests().stream().filter(r -> r.path().equals(path) && r.method().equals("POST")).toList();
    }

    static org.assertj.core.data.Offset<Double> offset(double value) {
        return org.assertj.core.data.Offset.offset(value);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

}
