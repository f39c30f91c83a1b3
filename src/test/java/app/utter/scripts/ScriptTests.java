package app.utter.scripts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.UtterApplication;
import app.utter.accounts.Accounts;
import app.utter.audio.PcmAudio;
import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.AudioFixtures;
import app.utter.support.FakeWorkerTest;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;
import app.utter.tts.FakeWorker;
import app.utter.voices.VoiceLibrary;
import app.utter.voices.VoicePrompts;
import tools.jackson.databind.JsonNode;

/**
 * Scripts end to end against the fake worker: a dialogue in three voices and two languages rendered and stitched in
 * order with its pauses, one edited segment rendered alone, segments the dictionary now says otherwise rendered
 * again alone, takes and locks, chapters, a failed segment retried, and a render that goes on after the app
 * restarts.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "utter.generation.lease=1s", "utter.generation.poll=50ms", "utter.generation.retry-delay=50ms",
        "utter.tts.worker.max-retries=0"})
class ScriptTests extends FakeWorkerTest {

    static final int RATE = 24_000;

    static final String DIALOGUE = """
            # Chapter One
            Narrator: The night was quiet.
            Mira: Did you hear that?
            Narrator: Nobody answered.

            The wind rose over the hill.
            # Chapter Two
            Jonas: Guten Morgen, sagte er.
            Narrator: Morning came at last.
            """;

    @Autowired
    VoicePrompts prompts;

    ApiClient api;
    Map<String, String> cast;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        startWorker(registry, "scripts");
    }

    @BeforeEach
    void castOfThree() {
        worker.latency(Duration.ZERO, Duration.ZERO);
        TestAccounts.TestUser user = newUser("writer");
        api = user.api();
        cast = castOf(voices, user);
    }

    static Map<String, String> castOf(VoiceLibrary voices, TestAccounts.TestUser user) {
        List<AudioFixtures.Clip> clips = AudioFixtures.voiceClips();
        Map<String, String> cast = new LinkedHashMap<>();
        cast.put("Narrator", TestVoices.create(voices, user.owner(), "Narrator", clips.get(0)).id());
        cast.put("Mira", TestVoices.create(voices, user.owner(), "Mira", clips.get(7)).id());
        cast.put("Jonas", TestVoices.create(voices, user.owner(), "Jonas", clips.get(6)).id());
        return cast;
    }

    @Test
    void aDialogueInThreeVoicesAndTwoLanguagesIsStitchedInOrderWithItsPauses() throws Exception {
        JsonNode script = create(api, cast);
        JsonNode segments = script.get("segments");
        assertThat(segments.valueStream().map(s -> s.get("text").asString())).containsExactly("Chapter One",
                "The night was quiet.", "Did you hear that?", "Nobody answered.", "The wind rose over the hill.",
                "Chapter Two", "Guten Morgen, sagte er.", "Morning came at last.");
        assertThat(segments.valueStream().map(s -> s.get("state").asString())).containsOnly("stale");
        String german = segments.get(6).get("id").asString();
        assertThat(api.patchJson(path(script) + "/segments/" + german, Map.of("language", "German")).status())
                .isEqualTo(200);

        JsonNode done = renderAndWait(api, script);

        assertThat(done.get("progress").get("segments").get("done").asInt()).isEqualTo(8);
        assertThat(languagesAsked()).containsEntry("Guten Morgen, sagte er.", "German")
                .containsEntry("Morning came at last.", "English");
        // the whole is every segment's take in order, and between them: after a heading 1 s, a new speaker 0.5 s,
        // the same speaker's next paragraph 0.7 s, before a heading 1.5 s
        List<Double> pauses = List.of(1.0, 0.5, 0.5, 0.7, 1.5, 1.0, 0.5);
        PcmAudio whole = wav(api.get(path(script) + "/audio"));
        assertThat(whole.samples()).isEqualTo(joined(api, done.get("segments"), pauses).samples());
        assertThat(done.get("progress").get("duration_seconds").asDouble())
                .isCloseTo(whole.duration().toMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.01));
        assertThat(done.get("chapters").valueStream().map(c -> c.get("title").asString()))
                .containsExactly("Chapter One", "Chapter Two");

        assertThat(api.get("/api/v1/generations").json().get("items")).isEmpty(); // parts stay out of the history
        Response mp3 = api.get(path(script) + "/audio?format=mp3");
        assertThat(mp3.status()).isEqualTo(200);
        assertThat(mp3.header("Content-Type")).isEqualTo("audio/mpeg");
        assertThat(mp3.body().length).isGreaterThan(1000);
    }

    @Test
    void editingOneSegmentRendersItAloneAndTheWholeChangesOnlyThere() throws Exception {
        JsonNode script = renderAndWait(api, create(api, cast));
        JsonNode segments = script.get("segments");
        PcmAudio before = wav(api.get(path(script) + "/audio"));
        String edited = segments.get(2).get("id").asString();

        JsonNode changed = api.patchJson(path(script) + "/segments/" + edited,
                Map.of("text", "Did you hear that noise?")).json();
        assertThat(changed.get("state").asString()).isEqualTo("stale");
        JsonNode now = api.get(path(script)).json();
        assertThat(now.get("progress").get("segments").get("stale").asInt()).isEqualTo(1);
        assertThat(api.get(path(script) + "/audio").status()).isEqualTo(409);

        int calls = synthesized().size();
        JsonNode rendering = api.postJson(path(script) + "/render", Map.of()).json();
        assertThat(rendering.get("asked").asInt()).isEqualTo(1);
        JsonNode again = await(api, path(script));

        assertThat(synthesized().subList(calls, synthesized().size())).as(again.toString())
                .containsExactly("Did you hear that noise?");
        for (int i = 0; i < segments.size(); i++) {
            if (i != 2) {
                assertThat(again.get("segments").get(i).get("take_id").asString())
                        .isEqualTo(segments.get(i).get("take_id").asString());
            }
        }
        PcmAudio after = wav(api.get(path(script) + "/audio"));
        assertThat(after.samples()).isNotEqualTo(before.samples())
                .isEqualTo(joined(api, again.get("segments"), List.of(1.0, 0.5, 0.5, 0.7, 1.5, 1.0, 0.5)).samples());
    }

    @Test
    void aDictionaryChangeMakesStaleOnlyTheSegmentsItSaysOtherwise() {
        JsonNode script = renderAndWait(api, create(api, cast));
        JsonNode segments = script.get("segments");
        String last = segments.get(segments.size() - 1).get("id").asString(); // "Morning came at last."
        api.patchJson(path(script) + "/segments/" + last, Map.of("locked", true));

        for (Map<String, String> rule : List.of(Map.of("phrase", "quiet", "alias", "kwai-et"),
                Map.of("phrase", "morning", "alias", "mourning"))) {
            assertThat(api.postJson("/api/v1/pronunciations", rule).status()).isEqualTo(201);
        }
        JsonNode now = api.get(path(script)).json();
        assertThat(now.get("progress").get("segments").get("stale").asInt()).as(now.toString()).isEqualTo(1);
        assertThat(now.get("segments").get(1).get("state").asString()).isEqualTo("stale"); // "The night was quiet."
        assertThat(now.get("segments").get(segments.size() - 1).get("state").asString()).as("locked").isEqualTo("done");

        int calls = synthesized().size();
        assertThat(api.postJson(path(script) + "/render", Map.of()).json().get("asked").asInt()).isEqualTo(1);
        JsonNode again = await(api, path(script));
        assertThat(synthesized().subList(calls, synthesized().size())).containsExactly("The night was kwai-et.");
        assertThat(again.get("progress").get("done").asBoolean()).isTrue();
    }

    @Test
    void aSegmentHasTakesToChooseFromAndALockedTakeStays() {
        JsonNode script = renderAndWait(api, create(api, cast));
        String segment = script.get("segments").get(1).get("id").asString();
        String first = script.get("segments").get(1).get("take_id").asString();
        String takes = path(script) + "/segments/" + segment + "/takes";

        JsonNode second = api.postJson(takes, Map.of()).json();
        assertThat(second.get("seed").asLong()).isNotEqualTo(script.get("segments").get(1).get("seed").asLong());
        await(api, path(script));
        JsonNode listed = api.get(takes).json();
        assertThat(listed.valueStream().map(t -> t.get("id").asString()))
                .containsExactly(second.get("id").asString(), first);
        assertThat(listed.get(0).get("chosen").asBoolean()).isTrue();

        JsonNode chosen = api.patchJson(path(script) + "/segments/" + segment, Map.of("take_id", first,
                "locked", true)).json();
        assertThat(chosen.get("take_id").asString()).isEqualTo(first);
        assertThat(chosen.get("locked").asBoolean()).isTrue();
        Response edit = api.patchJson(path(script) + "/segments/" + segment, Map.of("text", "Changed."));
        assertThat(edit.status()).isEqualTo(409);
        assertThat(edit.json().get("type").asString()).endsWith("/segment-locked");
        assertThat(api.postJson(takes, Map.of()).status()).isEqualTo(409);

        int calls = synthesized().size();
        assertThat(api.postJson(path(script) + "/render", Map.of("everything", true)).json().get("asked").asInt())
                .isEqualTo(7);
        JsonNode after = await(api, path(script));
        assertThat(synthesized().subList(calls, synthesized().size())).doesNotContain("The night was quiet.");
        assertThat(after.get("segments").get(1).get("take_id").asString()).isEqualTo(first);
        assertThat(api.patchJson(path(script) + "/segments/" + segment, Map.of("locked", false, "text",
                "Changed.")).json().get("state").asString()).isEqualTo("stale");
    }

    @Test
    void chaptersComeAsOneFileEachInAZipThatAddsUpToTheWhole() throws Exception {
        JsonNode script = renderAndWait(api, create(api, cast));
        PcmAudio whole = wav(api.get(path(script) + "/audio"));

        Response zip = api.get(path(script) + "/chapters?format=wav");
        assertThat(zip.status()).isEqualTo(200);
        assertThat(zip.header("Content-Type")).isEqualTo("application/zip");
        List<String> names = new ArrayList<>();
        int samples = 0;
        try (ZipInputStream entries = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry entry; (entry = entries.getNextEntry()) != null; ) {
                names.add(entry.getName());
                samples += PcmAudio.readWav(new ByteArrayInputStream(entries.readAllBytes())).samples().length;
            }
        }
        assertThat(names).containsExactly("01 Chapter One.wav", "02 Chapter Two.wav");
        assertThat(samples).isEqualTo(whole.samples().length);
        assertThat(api.get(path(script) + "/chapters?format=mp3").status()).isEqualTo(200);
    }

    @Test
    void aFailedSegmentIsRetriedAlone() {
        cast.values().forEach(prompts::forVoice); // made now, so that the fault meets a segment's request
        worker.fail(FakeWorker.Fault.REFUSAL_FRAME); // the first segment asked for fails for good
        JsonNode script = create(api, cast);
        api.postJson(path(script) + "/render", Map.of());
        JsonNode ended = await(api, path(script));
        assertThat(ended.get("progress").get("segments").get("failed").asInt()).as(ended.toString()).isEqualTo(1);
        JsonNode failed = ended.get("segments").valueStream().filter(s -> s.get("state").asString().equals("failed"))
                .findFirst().orElseThrow();
        assertThat(failed.get("error").asString()).isNotBlank();
        assertThat(api.get(path(script) + "/audio").json().get("detail").asString())
                .contains("7 of 8 segments are rendered", "1 failed");

        int calls = synthesized().size();
        assertThat(api.postJson(path(script) + "/segments/" + failed.get("id").asString() + "/takes", Map.of())
                .status()).isEqualTo(201);
        JsonNode done = await(api, path(script));
        assertThat(done.get("progress").get("done").asBoolean()).isTrue();
        assertThat(synthesized().subList(calls, synthesized().size())).containsExactly(failed.get("text").asString());
    }

    @Test
    void segmentsAreAddedSplitMergedMovedAndDeleted() {
        JsonNode script = create(api, cast);
        String narrator = cast.get("Narrator");
        String path = path(script);
        JsonNode added = api.postJson(path + "/segments", Map.of("text", "The end. Or is it?", "voice_id",
                narrator, "position", 1)).json();
        assertThat(added.get("position").asInt()).isEqualTo(1);

        JsonNode split = api.postJson(path + "/segments/" + added.get("id").asString() + "/split", Map.of("at", 8))
                .json();
        assertThat(split.get("segments").valueStream().skip(1).limit(2).map(s -> s.get("text").asString()))
                .containsExactly("The end.", "Or is it?");
        assertThat(split.get("segments").get(1).get("continues").asBoolean()).isTrue();
        JsonNode merged = api.postJson(path + "/segments/" + added.get("id").asString() + "/merge", Map.of()).json();
        assertThat(merged.get("segments").get(1).get("text").asString()).isEqualTo("The end. Or is it?");

        JsonNode moved = api.postJson(path + "/segments/" + added.get("id").asString() + "/move",
                Map.of("position", 99)).json();
        assertThat(moved.get("segments").get(moved.get("segments").size() - 1).get("id").asString())
                .isEqualTo(added.get("id").asString());
        assertThat(moved.get("segments").valueStream().map(s -> s.get("position").asInt()))
                .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(api.delete(path + "/segments/" + added.get("id").asString()).status()).isEqualTo(204);
        assertThat(api.get(path).json().get("segments")).hasSize(8);

        Response differ = api.postJson(path + "/segments/" + script.get("segments").get(1).get("id").asString()
                + "/merge", Map.of());
        assertThat(differ.status()).isEqualTo(409);
    }

    @Test
    void badScriptsAreProblemsThatSayWhatToFix() {
        Response unmapped = api.postJson("/api/v1/scripts", Map.of("title", "Play", "text", DIALOGUE,
                "speakers", Map.of("Narrator", cast.get("Narrator"))));
        assertThat(unmapped.status()).isEqualTo(400);
        assertThat(unmapped.json().get("detail").asString()).contains("Choose a voice for Mira, Jonas.");

        Response unknown = api.postJson("/api/v1/scripts", Map.of("title", " ", "segments", List.of(
                Map.of("text", "Hello.", "voice_id", "no-such-voice", "language", "Klingon"))));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactly("title", "segments[0].voice_id", "segments[0].language");

        Response tooLong = api.postJson("/api/v1/scripts", Map.of("title", "Long", "text",
                ("Narrator: " + "Words go on. ".repeat(150) + "\n\n").repeat(110), "speakers", cast));
        assertThat(tooLong.status()).isEqualTo(400);
        assertThat(tooLong.json().get("detail").asString()).contains("at most 200,000 characters");

        JsonNode script = create(api, cast);
        ApiClient other = newUser("stranger").api();
        assertThat(other.get(path(script)).status()).isEqualTo(404);
        assertThat(other.postJson(path(script) + "/render", Map.of()).status()).isEqualTo(404);
        assertThat(api.get(path(script) + "/audio?format=wma").status()).isEqualTo(400);
    }

    @Test
    void aRenderGoesOnAfterTheAppRestarts() throws Exception {
        worker.latency(Duration.ofMillis(150), Duration.ZERO);
        String[] args = restartableApp();
        String key;
        String scriptPath;
        try (ConfigurableApplicationContext first = new SpringApplicationBuilder(UtterApplication.class).run(args)) {
            TestAccounts.TestUser user = new TestAccounts(first.getBean(Accounts.class), port(first)).newUser("author");
            key = user.api().apiKey();
            JsonNode script = create(user.api(), castOf(first.getBean(VoiceLibrary.class), user));
            scriptPath = path(script);
            user.api().postJson(scriptPath + "/render", Map.of());
            awaitDone(user.api(), scriptPath, 2);
        } // stopped mid-render: some segments done, some running, some waiting
        int callsAtStop = synthesized().size();
        try (ConfigurableApplicationContext second = new SpringApplicationBuilder(UtterApplication.class).run(args)) {
            ApiClient api = new ApiClient(port(second)).withApiKey(key);
            JsonNode done = await(api, scriptPath);
            assertThat(done.get("progress").get("done").asBoolean()).isTrue();
            List<String> texts = done.get("segments").valueStream().map(s -> s.get("text").asString()).toList();
            assertThat(synthesized().subList(callsAtStop, synthesized().size())).doesNotHaveDuplicates()
                    .hasSizeLessThan(texts.size());
            for (JsonNode segment : done.get("segments")) {
                assertThat(api.get(scriptPath + "/segments/" + segment.get("id").asString() + "/takes").json())
                        .hasSize(1);
            }
            assertThat(api.get(scriptPath + "/audio").status()).isEqualTo(200);
        }
    }

    /** Settings of a separate app on a database of its own, started twice by the restart test. */
    String[] restartableApp() throws IOException {
        return new String[] {"--server.port=0", "--logging.level.root=WARN",
                "--utter.data-dir=" + Files.createTempDirectory("utter-restart-"),
                "--utter.tts.worker.base-url=" + worker.baseUrl(), "--utter.generation.lease=1s",
                "--utter.generation.poll=50ms", "--utter.generation.concurrent-jobs=2"};
    }

    static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    static JsonNode create(ApiClient api, Map<String, String> cast) {
        Response created = api.postJson("/api/v1/scripts", Map.of("title", "The Night", "text", DIALOGUE,
                "speakers", cast));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json();
    }

    static JsonNode renderAndWait(ApiClient api, JsonNode script) {
        assertThat(api.postJson(path(script) + "/render", Map.of()).status()).isEqualTo(202);
        JsonNode done = await(api, path(script));
        assertThat(done.get("progress").get("done").asBoolean()).as(done.toString()).isTrue();
        return done;
    }

    /** Polls until no segment is waiting, queued or running (30 s at most). */
    static JsonNode await(ApiClient api, String path) {
        return awaitDone(api, path, -1);
    }

    /** Polls until {@code done} segments are done, or, for -1, until nothing is left to wait for. */
    static JsonNode awaitDone(ApiClient api, String path, int done) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode script = api.get(path).json();
            JsonNode counts = script.get("progress").get("segments");
            boolean settled = counts.get("waiting").asInt() + counts.get("queued").asInt()
                    + counts.get("running").asInt() == 0;
            if (done < 0 ? settled : counts.get("done").asInt() >= done) {
                return script;
            }
            sleep(20);
        }
        throw new AssertionError("Script " + path + " did not get there in 30 s: " + api.get(path).text());
    }

    static String path(JsonNode script) {
        return "/api/v1/scripts/" + script.get("id").asString();
    }

    static PcmAudio wav(Response response) throws IOException {
        assertThat(response.status()).as(response.text()).isEqualTo(200);
        return PcmAudio.readWav(new ByteArrayInputStream(response.body()));
    }

    /** The segments' takes one after another with the given pauses between them. */
    static PcmAudio joined(ApiClient api, JsonNode segments, List<Double> pauses) throws IOException {
        List<short[]> pieces = new ArrayList<>();
        for (int i = 0; i < segments.size(); i++) {
            pieces.add(wav(api.get(segments.get(i).get("audio_url").asString())).samples());
            if (i < pauses.size()) {
                pieces.add(new short[(int) Math.round(pauses.get(i) * RATE)]);
            }
        }
        short[] all = new short[pieces.stream().mapToInt(p -> p.length).sum()];
        int at = 0;
        for (short[] piece : pieces) {
            System.arraycopy(piece, 0, all, at, piece.length);
            at += piece.length;
        }
        return new PcmAudio(RATE, all);
    }

    static List<String> synthesized() {
        return worker.requests().stream().filter(seen -> seen.path().equals("/v1/synthesize"))
                .map(seen -> seen.body().get("text").asString()).toList();
    }

    static Map<String, String> languagesAsked() {
        Map<String, String> languages = new LinkedHashMap<>();
        worker.requests().stream().filter(seen -> seen.path().equals("/v1/synthesize"))
                .forEach(seen -> languages.put(seen.body().get("text").asString(),
                        seen.body().get("language").asString()));
        return languages;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
