package app.utter.design;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.AudioFixtures;
import app.utter.support.PythonWorkerTest;
import tools.jackson.databind.JsonNode;

/**
 * Voices from words end to end, against the real Python worker with its fake engine serving the VoiceDesign and
 * CustomVoice families: designs and their candidates, saving one as a voice that is then cloned, preset speakers
 * with and without instructions, and every bad input answered with a problem that says what to fix.
 */
class DesignTests extends PythonWorkerTest {

    static final String DESCRIPTION = "A woman in her sixties with a low, warm voice and a slight Scottish accent.";
    static final String LINE = "The sea was calm that night, and the stars were bright enough to read by.";
    static final Map<String, String> FAMILIES = Map.of("UTTER_DESIGN_MODEL", "Qwen/Qwen3-TTS-12Hz-1.7B-VoiceDesign",
            "UTTER_PRESET_MODEL", "Qwen/Qwen3-TTS-12Hz-1.7B-CustomVoice");

    ApiClient api;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        startWorker(registry, FAMILIES);
    }

    @BeforeEach
    void signIn() {
        api = newUser("designer").api();
    }

    @Test
    void whatTheWorkerServesIsListedWithItsPresetSpeakers() {
        JsonNode design = api.get("/api/v1/design").json();
        assertThat(design.get("available").asBoolean()).isTrue();
        assertThat(design.get("max_description_chars").asInt()).isEqualTo(500);
        assertThat(design.get("max_candidates").asInt()).isEqualTo(3);

        JsonNode speakers = api.get("/api/v1/speakers").json();
        assertThat(speakers.get("available").asBoolean()).isTrue();
        assertThat(speakers.get("instructions").asBoolean()).isTrue();
        Map<String, JsonNode> byId = new HashMap<>();
        speakers.get("items").forEach(item -> byId.put(item.get("id").asString(), item));
        assertThat(byId).hasSize(9).containsKeys("preset:ryan", "preset:uncle_fu", "preset:ono_anna");
        assertThat(byId.get("preset:uncle_fu").get("label").asString()).isEqualTo("Uncle Fu");
        assertThat(byId.get("preset:uncle_fu").get("languages").get(0).asString()).isEqualTo("Chinese");
        assertThat(byId.get("preset:eric").get("dialect").asString()).isEqualTo("Sichuan");

        Response sample = api.get(byId.get("preset:ono_anna").get("sample").asString());
        assertThat(sample.status()).isEqualTo(200);
        assertThat(sample.header("Content-Type")).isEqualTo("audio/wav");
        assertThat(new String(sample.body(), 0, 4)).isEqualTo("RIFF");
        assertThat(api.get(byId.get("preset:ono_anna").get("sample").asString()).body()).isEqualTo(sample.body());
    }

    @Test
    void aDesignGivesDistinctCandidatesAndCostsItsLinePerCandidate() {
        int before = charactersUsed();

        Response made = design(DESCRIPTION, LINE, "English", 3);

        assertThat(made.status()).as(made.text()).isEqualTo(201);
        JsonNode design = made.json();
        assertThat(made.header("Location")).isEqualTo("/api/v1/designs/" + design.get("id").asString());
        assertThat(design.get("candidates")).hasSize(3);
        List<byte[]> clips = design.get("candidates").valueStream()
                .map(candidate -> api.get(candidate.get("audio").asString()).body()).toList();
        assertThat(clips).allSatisfy(clip -> assertThat(seconds(clip)).isGreaterThan(3.0));
        assertThat(clips.get(0)).isNotEqualTo(clips.get(1));
        assertThat(clips.get(1)).isNotEqualTo(clips.get(2));
        assertThat(design.get("candidates").valueStream().map(c -> c.get("seed").asLong()).distinct()).hasSize(3);
        assertThat(charactersUsed() - before).isEqualTo(3 * LINE.length());
        assertThat(api.get("/api/v1/designs/" + design.get("id").asString()).json().get("description").asString())
                .isEqualTo(DESCRIPTION);
    }

    @Test
    void theChosenCandidateBecomesAVoiceThatIsClonedFromThenOn() {
        JsonNode design = design(DESCRIPTION, LINE, "English", 2).json();
        byte[] chosen = api.get(design.get("candidates").get(1).get("audio").asString()).body();

        Response saved = api.postJson("/api/v1/designs/" + design.get("id").asString() + "/voice",
                Map.of("candidate", 1, "name", "Sea captain"));

        assertThat(saved.status()).as(saved.text()).isEqualTo(201);
        JsonNode voice = api.get(saved.header("Location")).json();
        assertThat(voice.get("name").asString()).isEqualTo("Sea captain");
        assertThat(voice.get("transcript").asString()).isEqualTo(LINE);
        assertThat(voice.get("language").asString()).isEqualTo("English");
        assertThat(voice.get("description").asString()).isEqualTo(DESCRIPTION);
        assertThat(voice.get("consent").get("method").asString()).isEqualTo("designed");
        assertThat(voice.get("duration_seconds").asDouble()).isCloseTo(seconds(chosen), org.assertj.core.data.Offset
                .offset(0.1));

        JsonNode spoken = api.awaitGeneration(generate(Map.of("voice_id", voice.get("id").asString(),
                "text", "Now I say something new, in the voice that was designed.")).json().get("id").asString());
        assertThat(spoken.get("status").asString()).as(spoken.toString()).isEqualTo("succeeded");
    }

    static Stream<Arguments> badDesigns() {
        return Stream.of(
                Arguments.of(" ", LINE, "English", 3, "description", "Describe the voice in words"),
                Arguments.of("x".repeat(501), LINE, "English", 3, "description", "501 characters long; use at most 500"),
                Arguments.of(DESCRIPTION, "Too short.", "English", 3, "text", "at least 20 characters"),
                Arguments.of(DESCRIPTION, "y".repeat(301), "English", 3, "text", "use at most 300"),
                Arguments.of(DESCRIPTION, LINE, "Klingon", 3, "language", "Klingon"),
                Arguments.of(DESCRIPTION, LINE, "English", 4, "candidates", "1 to 3 candidates"));
    }

    @ParameterizedTest
    @MethodSource("badDesigns")
    void aBadDesignIsRefusedNamingTheFieldAndCostsNothing(String description, String text, String language,
            int candidates, String field, String words) {
        int before = charactersUsed();

        Response refused = design(description, text, language, candidates);

        assertThat(refused.status()).as(refused.text()).isEqualTo(400);
        assertThat(refused.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(fieldError(refused, field)).contains(words);
        assertThat(charactersUsed()).isEqualTo(before);
    }

    @Test
    void savingNeedsACandidateOfTheDesignAndAName() {
        String id = design(DESCRIPTION, LINE, "English", 2).json().get("id").asString();
        String save = "/api/v1/designs/" + id + "/voice";

        assertThat(fieldError(api.postJson(save, Map.of("name", "No choice")), "candidate")).contains("Choose which");
        assertThat(fieldError(api.postJson(save, Map.of("candidate", 5, "name", "Five")), "candidate"))
                .contains("candidates 0 to 1");
        assertThat(fieldError(api.postJson(save, Map.of("candidate", 0, "name", " ")), "name")).isNotBlank();
        assertThat(api.get("/api/v1/voices").json().get("total").asInt()).isZero();

        Response stranger = newUser("stranger").api().get("/api/v1/designs/" + id);
        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.json().get("type").asString()).endsWith("design-not-found");
        assertThat(api.get("/api/v1/designs/" + id + "/candidates/7").status()).isEqualTo(400);
    }

    @Test
    void aPresetSpeakerSpeaksInItsLanguageAndAnInstructionChangesHow() {
        JsonNode plain = spoken(Map.of("voice_id", "preset:ryan", "text", "Good evening, and welcome.", "seed", 5));
        JsonNode styled = spoken(Map.of("voice_id", "preset:ryan", "text", "Good evening, and welcome.", "seed", 5,
                "instructions", "Whisper, slowly, as if telling a secret."));

        assertThat(plain.get("voice_name").asString()).isEqualTo("Ryan");
        assertThat(plain.get("language").asString()).isEqualTo("English");
        assertThat(plain.hasNonNull("instructions")).isFalse();
        assertThat(styled.get("instructions").asString()).isEqualTo("Whisper, slowly, as if telling a secret.");
        assertThat(audio(styled)).isNotEqualTo(audio(plain));
        assertThat(api.get("/api/v1/generations").json().get("items").get(0).get("instructions").asString())
                .startsWith("Whisper");

        JsonNode chinese = spoken(Map.of("voice_id", "preset:uncle_fu", "text", "你好，欢迎收听。"));
        assertThat(chinese.get("language").asString()).isEqualTo("Chinese");
    }

    @Test
    void instructionsAreRefusedWhereTheyWouldDoNothing() {
        Response voice = api.postMultipart("/api/v1/voices", Map.of("name", "Recorded", "consent", "true",
                "transcript", AudioFixtures.TAIYI.transcript(), "language", "Chinese",
                "audio", AudioFixtures.TAIYI.path()));
        assertThat(voice.status()).as(voice.text()).isEqualTo(201);

        Response cloned = generate(Map.of("voice_id", voice.json().get("id").asString(), "text", "Hello there.",
                "instructions", "Excited!"));
        assertThat(fieldError(cloned, "instructions")).contains("Cloned voices take no instructions");

        Response tooLong = generate(Map.of("voice_id", "preset:ryan", "text", "Hello.", "instructions", "z".repeat(501)));
        assertThat(fieldError(tooLong, "instructions")).contains("use at most 500");

        Response unknown = generate(Map.of("voice_id", "preset:alloy", "text", "Hello."));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("detail").asString()).contains("'preset:alloy'", "Ryan", "Uncle Fu");
    }

    private Response design(String description, String text, String language, int candidates) {
        return api.postJson("/api/v1/designs", Map.of("description", description, "text", text, "language", language,
                "candidates", candidates));
    }

    private Response generate(Map<String, Object> body) {
        return api.postJson("/api/v1/generations", body);
    }

    private JsonNode spoken(Map<String, Object> body) {
        Response created = generate(body);
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode done = api.awaitGeneration(created.json().get("id").asString());
        assertThat(done.get("status").asString()).as(done.toString()).isEqualTo("succeeded");
        return done;
    }

    private byte[] audio(JsonNode generation) {
        return api.get(generation.get("links").get("audio").asString() + "?format=wav").body();
    }

    private int charactersUsed() {
        return api.get("/api/v1/account").json().get("usage").get("characters_last_24h").asInt();
    }

    private static String fieldError(Response problem, String field) {
        assertThat(problem.status()).as(problem.text()).isEqualTo(400);
        return problem.json().get("errors").valueStream().filter(e -> e.get("field").asString().equals(field))
                .map(e -> e.get("message").asString()).findFirst().orElseThrow(() -> new AssertionError(
                        "no error for " + field + " in " + problem.text()));
    }

    /** Seconds of 24 kHz 16-bit mono audio in a WAV file with a 44-byte header. */
    private static double seconds(byte[] wav) {
        return (wav.length - 44) / 2 / 24_000.0;
    }
}
