package app.utter.voices;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import app.utter.accounts.Accounts;
import app.utter.support.StoredAudio;
import app.utter.support.TestAccounts;
import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.AudioFixtures;
import app.utter.support.AudioFixtures.Clip;
import tools.jackson.databind.JsonNode;

/**
 * The voice library through its HTTP API, against a real database and real FFmpeg decoding.
 * Subclasses pick the database: H2 and PostgreSQL run the same tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class VoiceApiTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Value("${utter.data-dir}")
    Path dataDir;

    @TempDir
    Path scratch;

    @Autowired
    org.springframework.core.env.Environment settings;

    @Autowired
    Accounts accounts;

    ApiClient api;

    @BeforeEach
    void cleanSlate() throws IOException {
        api = new TestAccounts(accounts, port).newUser("voices").api();
        jdbc.sql("DELETE FROM voices").update();
        new StoredAudio(settings).clear("voices");
    }

    static Stream<Clip> voiceClips() {
        return AudioFixtures.voiceClips().stream();
    }

    @ParameterizedTest
    @MethodSource("voiceClips")
    void everyFixtureFormatBecomesAVoice(Clip clip) {
        Response created = create("Voice from " + clip.file(), clip.path(), clip.transcript(), clip.language());

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode voice = created.json();
        String id = voice.get("id").asString();
        assertThat(created.header("Location")).isEqualTo("/api/v1/voices/" + id);
        assertThat(voice.get("transcript").asString()).isEqualTo(clip.transcript());
        assertThat(voice.get("language").asString()).isEqualTo(clip.language());
        assertThat(voice.get("source").get("duration_seconds").asDouble()).isCloseTo(clip.seconds(), within(0.15));
        assertThat(voice.get("duration_seconds").asDouble()).isBetween(3.0, clip.seconds() + 0.05);
        assertThat(voice.get("content_sha256").asString()).isEqualTo(sha256(clip.path()));
        assertThat(voice.get("consent").get("statement").asString()).isEqualTo("I have the right to clone this voice");

        Response audio = api.get("/api/v1/voices/" + id + "/audio");
        assertThat(audio.status()).isEqualTo(200);
        assertThat(audio.header("Content-Type")).isEqualTo("audio/wav");
        AudioFixtures.WavFormat wav = AudioFixtures.wavFormat(audio.body());
        assertThat(wav).extracting("sampleRate", "channels", "bitsPerSample").containsExactly(24_000, 1, 16);
        assertThat(wav.seconds()).isCloseTo(voice.get("duration_seconds").asDouble(), within(0.01));

        Response original = api.get("/api/v1/voices/" + id + "/original");
        assertThat(original.body()).isEqualTo(read(clip.path()));
    }

    @Test
    void chineseTranscriptRoundTrips() {
        Clip clip = AudioFixtures.TAIYI;
        String id = create("太乙真人", clip.path(), clip.transcript(), "chinese").json().get("id").asString();

        JsonNode fetched = api.get("/api/v1/voices/" + id).json();
        assertThat(fetched.get("name").asString()).isEqualTo("太乙真人");
        assertThat(fetched.get("transcript").asString()).isEqualTo("对，这就是我，万人敬仰的太乙真人。");
        assertThat(fetched.get("language").asString()).isEqualTo("Chinese");
        JsonNode legacy = api.get("/api/voices").json().get("voices").get(0);
        assertThat(legacy.get("reference_transcript").asString()).isEqualTo(clip.transcript());
    }

    static Stream<Arguments> badUploads() {
        return Stream.of(
                Arguments.of("too short", (IoFunction) dir -> AudioFixtures.TOO_SHORT.path(), 422, "audio-too-short",
                        "at least 3 s"),
                Arguments.of("truncated WAV", (IoFunction) AudioFixtures::truncatedWav, 422, "audio-truncated", "ends early"),
                Arguments.of("zero bytes", (IoFunction) AudioFixtures::emptyFile, 422, "audio-empty", "empty"),
                Arguments.of("text renamed .wav", (IoFunction) AudioFixtures::textFileNamedWav, 422, "audio-not-audio",
                        "audio"),
                Arguments.of("25 MB file", (IoFunction) AudioFixtures::oversizedFile, 413, "upload-too-large", "20 MB"),
                Arguments.of("header claiming 10 hours", (IoFunction) AudioFixtures::wavClaimingTenHours, 422,
                        "audio-too-long", "10 h"));
    }

    interface IoFunction {
        Path make(Path dir) throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badUploads")
    void badAudioIsRefusedAndNothingIsKept(String label, IoFunction file, int status, String type, String hint)
            throws IOException {
        Response response = create("Bad", file.make(scratch), "Some words.", "English");

        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo("https://utter.app/problems/" + type);
        assertThat(problem.get("detail").asString()).containsIgnoringCase(hint);
        assertNothingStored();
    }

    @Test
    void eachMissingOrInvalidFieldIsNamed() throws IOException {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", "x".repeat(101));
        form.put("transcript", " ");
        form.put("language", "Klingon");
        form.put("audio", AudioFixtures.voiceClips().getFirst().path());
        Response response = api.postMultipart("/api/v1/voices", form);

        assertThat(response.status()).isEqualTo(400);
        Map<String, String> errors = fieldErrors(response.json());
        assertThat(errors).containsOnlyKeys("name", "transcript", "language", "consent");
        assertThat(errors.get("name")).contains("101 characters", "at most 100");
        assertThat(errors.get("language")).contains("'Klingon'", "English");
        assertThat(errors.get("consent")).isEqualTo("Confirm that you have the right to clone this voice.");
        assertNothingStored();
    }

    @Test
    void longTranscriptIsRefused() throws IOException {
        Response response = create("Long", AudioFixtures.TAIYI.path(), "字".repeat(2_001), "Chinese");
        assertThat(response.status()).isEqualTo(400);
        assertThat(fieldErrors(response.json()).get("transcript")).contains("2,001 characters");
        assertNothingStored();
    }

    @Test
    void listIsNewestFirstAndSearchable() {
        Clip clip = AudioFixtures.voiceClips().get(7);
        for (String name : List.of("Alpha", "Bravo", "Charlie")) {
            assertThat(create(name, clip.path(), clip.transcript(), "English").status()).isEqualTo(201);
        }
        JsonNode page = api.get("/api/v1/voices?size=2").json();
        assertThat(page.get("total").asLong()).isEqualTo(3);
        assertThat(names(page.get("items"))).containsExactly("Charlie", "Bravo");
        assertThat(names(api.get("/api/v1/voices?size=2&page=1").json().get("items"))).containsExactly("Alpha");
        assertThat(names(api.get("/api/v1/voices?q=rav").json().get("items"))).containsExactly("Bravo");
        assertThat(names(api.get("/api/voices").json().get("voices"))).containsExactly("Charlie", "Bravo", "Alpha");
        assertThat(api.get("/api/v1/voices?size=500").status()).isEqualTo(400);
    }

    @Test
    void renameEditAndDelete() throws IOException {
        Clip clip = AudioFixtures.voiceClips().getFirst();
        String id = create("Before", clip.path(), clip.transcript(), "English").json().get("id").asString();

        Response renamed = api.patchJson("/api/v1/voices/" + id, Map.of("name", "  After  "));
        assertThat(renamed.json().get("name").asString()).isEqualTo("After");
        assertThat(renamed.json().get("transcript").asString()).isEqualTo(clip.transcript());

        Response edited = api.patchJson("/api/v1/voices/" + id, Map.of("transcript", "Printing.", "language", "auto"));
        assertThat(edited.json().get("transcript").asString()).isEqualTo("Printing.");
        assertThat(edited.json().get("language").asString()).isEqualTo("Auto");
        assertThat(api.patchJson("/api/v1/voices/" + id, Map.of("name", "")).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/voices/" + id).json().get("name").asString()).isEqualTo("After");

        assertThat(api.delete("/api/v1/voices/" + id).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/voices/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/voices/" + id + "/audio").status()).isEqualTo(404);
        assertThat(api.delete("/api/v1/voices/" + id).status()).isEqualTo(404);
        assertNothingStored();
    }

    @Test
    void referenceAudioServesRangeRequests() {
        Clip clip = AudioFixtures.voiceClips().getFirst();
        String id = create("Seekable", clip.path(), clip.transcript(), "English").json().get("id").asString();

        Response part = api.get("/api/v1/voices/" + id + "/audio", "Range", "bytes=100-199");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.body()).hasSize(100);
        assertThat(part.header("Content-Range")).startsWith("bytes 100-199/");
        assertThat(api.get("/api/v1/voices/" + id + "/audio").header("Accept-Ranges")).isEqualTo("bytes");
    }

    @Test
    void originalApiKeepsItsShapes() throws IOException {
        Clip clip = AudioFixtures.voiceClips().get(3);
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", "Legacy");
        form.put("transcript", clip.transcript());
        form.put("language", "English");
        form.put("audio", clip.path());
        Response created = api.postMultipart("/api/clone", form);
        assertThat(created.status()).isEqualTo(201);
        assertThat(fieldNames(created.json())).containsExactlyInAnyOrder("id", "name");
        String id = created.json().get("id").asString();

        JsonNode listed = api.get("/api/voices").json().get("voices").get(0);
        assertThat(fieldNames(listed)).containsExactlyInAnyOrder("id", "name", "reference_transcript", "language",
                "created_at");
        assertThat(api.get("/api/v1/voices/" + id).json().get("consent").get("method").asString())
                .isEqualTo("legacy-api");

        Response preview = api.get("/api/voices/" + id + "/preview");
        assertThat(AudioFixtures.wavFormat(preview.body()).sampleRate()).isEqualTo(24_000);

        JsonNode languages = api.get("/api/languages").json();
        assertThat(languages.get("languages")).hasSize(11);
        assertThat(languages.get("default").asString()).isEqualTo("Auto");

        form.put("audio", AudioFixtures.emptyFile(scratch));
        form.put("name", "Another voice"); // the first name is taken now
        Response refused = api.postMultipart("/api/clone", form);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("detail").asString()).isNotBlank();

        JsonNode deleted = api.delete("/api/voices/" + id).json();
        assertThat(deleted.get("success").asBoolean()).isTrue();
        assertThat(api.delete("/api/voices/" + id).status()).isEqualTo(404);
        assertNothingStored();
    }

    @Test
    void unknownVoiceIsAProblem404() {
        Response response = api.get("/api/v1/voices/no-such-voice");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains("no-such-voice");
    }

    @Test
    void healthReportsDatabaseAndStorage() {
        JsonNode health = api.get("/actuator/health").json();
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(health.get("components").get("storage").get("status").asString()).isEqualTo("UP");
    }

    @Test
    void aSecondVoiceOfTheSameNameIsRefusedNamingTheFirst() {
        Clip clip = AudioFixtures.voiceClips().getFirst();
        String first = create("Narrator", clip.path(), clip.transcript(), clip.language()).json().get("id").asString();

        Response again = create("narrator", clip.path(), clip.transcript(), clip.language());

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("type").asString()).endsWith("voice-name-taken");
        assertThat(again.json().get("existing_voice_id").asString()).isEqualTo(first);
        assertThat(again.json().get("detail").asString()).contains("\u201cNarrator\u201d");
        String second = create("Storyteller", clip.path(), clip.transcript(), clip.language()).json().get("id").asString();
        Response renamed = api.patchJson("/api/v1/voices/" + second, Map.of("name", "NARRATOR"));
        assertThat(renamed.status()).isEqualTo(409);
        assertThat(api.patchJson("/api/v1/voices/" + first, Map.of("name", "NARRATOR")).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/voices").json().get("total").asInt()).isEqualTo(2);
    }

    @Test
    void withoutSpeechSetUpASampleSaysWhoCanSetItUp() {
        Clip clip = AudioFixtures.voiceClips().getFirst();
        String id = create("Quiet", clip.path(), clip.transcript(), clip.language()).json().get("id").asString();

        Response sample = api.get("/api/v1/voices/" + id + "/sample");

        assertThat(sample.status()).isEqualTo(503);
        assertThat(sample.json().get("type").asString()).endsWith("sample-unavailable");
        assertThat(sample.json().get("detail").asString()).contains("Speech page");
    }

    @Test
    void favouritesComeFirstThenTheOrderAsked() {
        Clip clip = AudioFixtures.voiceClips().getFirst();
        String bravo = create("Bravo", clip.path(), clip.transcript(), clip.language()).json().get("id").asString();
        String alpha = create("Alpha", clip.path(), clip.transcript(), clip.language()).json().get("id").asString();
        String charlie = create("Charlie", clip.path(), clip.transcript(), clip.language()).json().get("id").asString();

        assertThat(names("/api/v1/voices")).containsExactly("Charlie", "Alpha", "Bravo");
        assertThat(names("/api/v1/voices?sort=name")).containsExactly("Alpha", "Bravo", "Charlie");
        assertThat(api.patchJson("/api/v1/voices/" + bravo, Map.of("favourite", true)).json().get("favourite")
                .asBoolean()).isTrue();
        assertThat(names("/api/v1/voices?sort=name")).containsExactly("Bravo", "Alpha", "Charlie");
        jdbc.sql("UPDATE voices SET uses = 5 WHERE id = :id").param("id", alpha).update();
        assertThat(names("/api/v1/voices?sort=most-used")).containsExactly("Bravo", "Alpha", "Charlie");
        assertThat(api.get("/api/v1/voices?sort=loudest").status()).isEqualTo(400);
        assertThat(charlie).isNotBlank();
    }

    List<String> names(String path) {
        List<String> names = new java.util.ArrayList<>();
        api.get(path).json().get("items").forEach(voice -> names.add(voice.get("name").asString()));
        return names;
    }

    Response create(String name, Path audio, String transcript, String language) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", name);
        form.put("transcript", transcript);
        form.put("language", language);
        form.put("consent", "true");
        form.put("audio", audio);
        return api.postMultipart("/api/v1/voices", form);
    }

    void assertNothingStored() throws IOException {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM voices").query(Long.class).single()).isZero();
        assertThat(new StoredAudio(settings).keysUnder("")).as("stored audio").isEmpty();
        Path temporary = dataDir.resolve("tmp");
        if (Files.exists(temporary)) {
            try (Stream<Path> files = Files.walk(temporary)) {
                assertThat(files.filter(Files::isRegularFile).toList()).as("temporary files").isEmpty();
            }
        }
    }

    static Map<String, String> fieldErrors(JsonNode problem) {
        Map<String, String> errors = new LinkedHashMap<>();
        problem.get("errors").forEach(e -> errors.put(e.get("field").asString(), e.get("message").asString()));
        return errors;
    }

    static List<String> names(JsonNode voices) {
        return voices.valueStream().map(v -> v.get("name").asString()).toList();
    }

    static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }

    static org.assertj.core.data.Offset<Double> within(double delta) {
        return org.assertj.core.data.Offset.offset(delta);
    }

    static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha256(Path path) {
        try {
            return java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(read(path)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
