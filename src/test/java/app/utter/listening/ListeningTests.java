package app.utter.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.AudioFixtures;
import app.utter.support.AudioFixtures.Clip;
import app.utter.support.PythonWorkerTest;
import tools.jackson.databind.JsonNode;

/**
 * Listening end to end on the real fixture clips, against the real Python worker with its fake engine and fake
 * listener (which hears the fixtures README's transcripts, and exactly what the fake engine said): voices cloned
 * without a transcript, typed transcripts and languages checked, captions, and the self-check redoing a chunk
 * the fake engine made run away.
 */
class ListeningTests extends PythonWorkerTest {

    /** The fake engine runs away (six times too long) on the first text holding this word. */
    static final String RUNAWAY = "Zanzibar";

    /** The fake listener hears the first text holding this word garbled (its words backwards). */
    static final String GARBLED = "Timbuktu";

    ApiClient api;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        startWorker(registry, Map.of("UTTER_FAKE_RUNAWAY", RUNAWAY, "UTTER_FAKE_GARBLE", GARBLED));
    }

    @BeforeEach
    void signIn() {
        api = newUser("listener").api();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nature-en.wav", "taiyi-zh.wav"})
    void aVoiceClonedWithoutATranscriptGetsTheOneHeardInItsClip(String file) {
        Clip clip = clip(file);

        Response created = api.postMultipart("/api/v1/voices", voice("Heard " + file, clip.path(), null, null));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        JsonNode voice = created.json();
        assertThat(voice.get("transcript").asString()).isEqualTo(clip.transcript());
        assertThat(voice.get("language").asString()).isEqualTo(clip.language());
        assertThat(voice.get("transcript_source").asString()).isEqualTo("heard");
        String id = voice.get("id").asString();

        JsonNode generation = api.awaitGeneration(submit(id, "Good morning.", false));
        assertThat(generation.get("status").asString()).as(generation.toString()).isEqualTo("succeeded");
    }

    @Test
    void aWrongTypedTranscriptIsRefusedWithBothTextsUntilConfirmed() {
        Clip clip = clip("LJ001-0001.wav");
        String wrong = "The quick brown fox jumps over the lazy dog near the riverbank.";

        Response refused = api.postMultipart("/api/v1/voices", voice("Wrong words", clip.path(), wrong, "English"));

        JsonNode problem = problem(refused, 422, "transcript-mismatch");
        assertThat(problem.get("typed").asString()).isEqualTo(wrong);
        assertThat(problem.get("heard").asString()).isEqualTo(clip.transcript());
        assertThat(problem.get("character_error_rate").asDouble()).isGreaterThan(0.5);
        assertThat(problem.get("detail").asString()).contains("differs from what is heard", "confirm_mismatch=true");
        assertThat(voiceCount()).isZero();

        Map<String, Object> confirmed = voice("Wrong words", clip.path(), wrong, "English");
        confirmed.put("confirm_mismatch", "true");
        Response kept = api.postMultipart("/api/v1/voices", confirmed);
        assertThat(kept.status()).as(kept.text()).isEqualTo(201);
        assertThat(kept.json().get("transcript").asString()).isEqualTo(wrong);
        assertThat(kept.json().get("transcript_source").asString()).isEqualTo("typed");
    }

    @Test
    void aTranscriptWithSmallSlipsIsKeptAsTyped() {
        Clip clip = clip("LJ001-0001.wav");
        String slips = clip.transcript().toUpperCase().replace("Exhibition", "exibition").replace(",", "");

        Response created = api.postMultipart("/api/v1/voices", voice("Typed", clip.path(), slips, "English"));

        assertThat(created.status()).as(created.text()).isEqualTo(201);
        assertThat(created.json().get("transcript").asString()).isEqualTo(slips);
        assertThat(created.json().get("transcript_source").asString()).isEqualTo("typed");
    }

    @Test
    void aWrongLanguageIsRefusedUntilConfirmed() {
        Clip clip = AudioFixtures.TAIYI;

        Response refused = api.postMultipart("/api/v1/voices", voice("太乙", clip.path(), clip.transcript(), "Japanese"));

        JsonNode problem = problem(refused, 422, "transcript-mismatch");
        assertThat(problem.get("language").asString()).isEqualTo("Japanese");
        assertThat(problem.get("detected_language").asString()).isEqualTo("Chinese");
        assertThat(problem.get("detail").asString()).contains("sounds like Chinese, not Japanese");
        assertThat(voiceCount()).isZero();

        Map<String, Object> confirmed = voice("太乙", clip.path(), clip.transcript(), "Japanese");
        confirmed.put("confirm_mismatch", "true");
        Response kept = api.postMultipart("/api/v1/voices", confirmed);
        assertThat(kept.status()).as(kept.text()).isEqualTo(201);
        assertThat(kept.json().get("language").asString()).isEqualTo("Japanese");
    }

    @Test
    void aClipIsTranscribedBeforeSaving() {
        Response heard = api.postMultipart("/api/v1/transcriptions", Map.of("audio", AudioFixtures.DIR.resolve(
                "nature-en.ogg")));

        assertThat(heard.status()).as(heard.text()).isEqualTo(200);
        assertThat(heard.json().get("text").asString()).isEqualTo("Some call me nature, others call me mother nature.");
        assertThat(heard.json().get("language").asString()).isEqualTo("English");
        assertThat(heard.json().get("duration_seconds").asDouble()).isBetween(4.0, 5.4);
        assertThat(heard.json().get("model").asString()).isEqualTo("fake/utter-fake-asr");

        Response original = api.postMultipart("/api/transcriptions", Map.of("audio", AudioFixtures.TAIYI.path()));
        assertThat(original.status()).as(original.text()).isEqualTo(200);
        assertThat(original.json().get("text").asString()).isEqualTo(AudioFixtures.TAIYI.transcript());
        assertThat(original.json().get("language").asString()).isEqualTo("Chinese");

        problem(api.postMultipart("/api/v1/transcriptions", Map.of("language", "English")), 400,
                "invalid-transcription");
        problem(api.postMultipart("/api/v1/transcriptions", Map.of("audio", AudioFixtures.TOO_SHORT.path(),
                "language", "Klingon")), 400, "invalid-transcription");
    }

    @Test
    void aVoiceIsTranscribedFromItsPageInOneRequest() {
        Clip clip = clip("nature-en.wav");
        Map<String, Object> typed = voice("Old voice", clip.path(), "Something else entirely, typed long ago.",
                "English");
        typed.put("confirm_mismatch", "true");
        String id = api.postMultipart("/api/v1/voices", typed).json().get("id").asString();

        Response transcribed = api.post("/api/v1/voices/" + id + "/transcription");

        assertThat(transcribed.status()).as(transcribed.text()).isEqualTo(200);
        assertThat(transcribed.json().get("transcript").asString()).isEqualTo(clip.transcript());
        assertThat(transcribed.json().get("transcript_source").asString()).isEqualTo("heard");
        assertThat(api.get("/api/v1/voices/" + id).json().get("transcript").asString()).isEqualTo(clip.transcript());
    }

    @Test
    void captionsFollowTheTextInsideTheStitchedAudio() {
        String voice = heardVoice();
        String text = "The lighthouse keeper climbed the stairs at dusk. He lit the lamp, wiped the glass, and "
                + "watched the ships. Far below, the waves broke on the rocks all night long. In the morning he "
                + "wrote it all down in the log, as he had done for thirty years, and then he went to sleep. "
                + "His daughter came on Sundays with bread, apples and news from the town across the bay. They "
                + "talked about the weather, the boats and the price of fish, and she left before the tide turned.";
        JsonNode generation = api.awaitGeneration(submit(voice, text, false));
        assertThat(generation.get("progress").get("chunks_total").asInt()).isGreaterThan(1);
        String captionsLink = generation.get("links").get("captions").asString();
        double duration = generation.get("duration_seconds").asDouble();

        JsonNode captions = api.get(captionsLink + "?format=json").json();

        assertThat(captions.get("duration").asDouble()).isCloseTo(duration, within(0.05));
        StringBuilder said = new StringBuilder();
        double last = 0;
        for (JsonNode cue : captions.get("cues")) {
            for (JsonNode word : cue.get("words")) {
                assertThat(word.get("start").asDouble()).isGreaterThanOrEqualTo(last);
                assertThat(word.get("end").asDouble()).isGreaterThanOrEqualTo(word.get("start").asDouble())
                        .isLessThanOrEqualTo(duration);
                last = word.get("start").asDouble();
                said.append(word.get("text").asString()).append(' ');
            }
        }
        assertThat(said.toString().strip()).isEqualTo(text);

        Response srt = api.get(captionsLink + "?format=srt&download=true");
        assertThat(srt.header("Content-Type")).startsWith("application/x-subrip");
        assertThat(srt.header("Content-Disposition")).contains("attachment", ".srt");
        List<List<Double>> cues = cueTimes(srt.text(), ',');
        assertThat(cues).hasSize(captions.get("cues").size());
        for (int i = 0; i < cues.size(); i++) {
            assertThat(cues.get(i).get(1)).isGreaterThan(cues.get(i).get(0)).isLessThanOrEqualTo(duration);
            assertThat(i == 0 || cues.get(i).get(0) >= cues.get(i - 1).get(1)).isTrue();
        }
        String vtt = api.get(captionsLink + "?format=vtt").text();
        assertThat(vtt).startsWith("WEBVTT\n\n").contains("<00:00:0");
        assertThat(cueTimes(vtt, '.')).isEqualTo(cues);
    }

    @Test
    void theSelfCheckRedoesTheChunkThatRanAwayAndKeepsTheOthers() {
        String voice = heardVoice();
        String text = "The morning train left the station on time. Every seat was taken by travellers with "
                + "heavy bags and tired eyes. At noon the train crossed the long bridge over the river. "
                + "The conductor called out the stops one by one, Zanzibar among them, to nobody's surprise. "
                + "By evening the last passengers stepped down onto the quiet platform and went home.";

        JsonNode generation = api.awaitGeneration(submit(voice, text, true));

        assertThat(generation.get("status").asString()).as(generation.toString()).isEqualTo("succeeded");
        JsonNode checks = generation.get("checks");
        int chunks = generation.get("progress").get("chunks_total").asInt();
        assertThat(chunks).isGreaterThan(1);
        assertThat(checks.get("checked").asInt()).isEqualTo(chunks);
        assertThat(checks.get("redone")).hasSize(1);
        JsonNode redo = checks.get("redone").get(0);
        assertThat(redo.get("takes").asInt()).isEqualTo(2);
        assertThat(redo.get("passed").asBoolean()).isTrue();
        assertThat(redo.get("reasons").get(0).asString()).startsWith("ran on:");
        assertThat(generation.get("self_check").asBoolean()).isTrue();
        assertThat(checks.get("check_seconds").asDouble()).isPositive();
        // The runaway take would have made the whole several times longer than its text needs.
        assertThat(generation.get("duration_seconds").asDouble()).isLessThan(text.length() / 12.0 * 2);
    }

    @Test
    void theSelfCheckRedoesAChunkHeardGarbled() {
        String text = "A letter came from Timbuktu on a grey morning in spring, and nobody could read it.";

        JsonNode generation = api.awaitGeneration(submit(heardVoice(), text, true));

        JsonNode redo = generation.get("checks").get("redone").get(0);
        assertThat(redo.get("chunk").asInt()).isZero();
        assertThat(redo.get("takes").asInt()).isEqualTo(2);
        assertThat(redo.get("reasons").get(0).asString()).startsWith("words missed:");
        assertThat(redo.get("passed").asBoolean()).isTrue();
    }

    @Test
    void aGenerationAskedNotToCheckItselfIsNotChecked() {
        JsonNode generation = api.awaitGeneration(submit(heardVoice(), "Nothing to check here.", false));

        assertThat(generation.get("self_check").asBoolean()).isFalse();
        assertThat(generation.has("checks")).isFalse();
    }

    private String heardVoice() {
        Response created = api.postMultipart("/api/v1/voices", voice("Narrator", clip("nature-en.wav").path(), null,
                null));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private String submit(String voiceId, String text, boolean selfCheck) {
        Response created = api.postJson("/api/v1/generations", Map.of("voice_id", voiceId, "text", text,
                "language", "English", "self_check", selfCheck));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    private static Map<String, Object> voice(String name, Path audio, String transcript, String language) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", name);
        fields.put("consent", "true");
        if (transcript != null) {
            fields.put("transcript", transcript);
        }
        if (language != null) {
            fields.put("language", language);
        }
        fields.put("audio", audio);
        return fields;
    }

    private static Clip clip(String file) {
        return AudioFixtures.voiceClips().stream().filter(c -> c.file().equals(file)).findFirst().orElseThrow();
    }

    private static JsonNode problem(Response response, int status, String type) {
        assertThat(response.status()).as(response.text()).isEqualTo(status);
        assertThat(response.header("Content-Type")).isEqualTo("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).endsWith(type);
        return problem;
    }

    private long voiceCount() {
        return api.get("/api/v1/voices").json().get("total").asLong();
    }

    private static final Pattern CUE_TIMES = Pattern.compile(
            "(\\d\\d):(\\d\\d):(\\d\\d)[,.](\\d{3}) --> (\\d\\d):(\\d\\d):(\\d\\d)[,.](\\d{3})");

    /** Start and end of each cue in an SRT or WebVTT file, in seconds. */
    private static List<List<Double>> cueTimes(String captions, char separator) {
        List<List<Double>> cues = new java.util.ArrayList<>();
        Matcher m = CUE_TIMES.matcher(captions);
        while (m.find()) {
            assertThat(m.group()).contains(String.valueOf(separator));
            cues.add(List.of(seconds(m, 1), seconds(m, 5)));
        }
        return cues;
    }

    private static double seconds(Matcher m, int group) {
        return Integer.parseInt(m.group(group)) * 3600 + Integer.parseInt(m.group(group + 1)) * 60
                + Integer.parseInt(m.group(group + 2)) + Integer.parseInt(m.group(group + 3)) / 1000.0;
    }
}
