package app.utter.scripts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.PythonWorkerTest;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;
import app.utter.voices.VoiceLibrary;
import tools.jackson.databind.JsonNode;

/** A whole script's captions from the Python worker's aligner: every segment's words, where the segment lies. */
class ScriptCaptionsTests extends PythonWorkerTest {

    @Autowired
    VoiceLibrary voices;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        startWorker(registry, Map.of());
    }

    @Test
    void theWholeScriptHasCaptionsWhereEachSegmentIsSaid() {
        TestAccounts.TestUser user = newUser("captioner");
        ApiClient api = user.api();
        List<AudioFixtures.Clip> clips = AudioFixtures.voiceClips();
        Map<String, String> cast = Map.of(
                "Narrator", TestVoices.create(voices, user.owner(), "Narrator", clips.get(0)).id(),
                "Mira", TestVoices.create(voices, user.owner(), "Mira", clips.get(7)).id());
        JsonNode script = api.postJson("/api/v1/scripts", Map.of("title", "Harbour", "speakers", cast, "text", """
                Narrator: The boats came home before the storm.
                Mira: Is everyone back?
                Narrator: Everyone but one.
                """)).json();
        String path = ScriptTests.path(script);
        api.postJson(path + "/render", Map.of());
        JsonNode done = ScriptTests.await(api, path);
        assertThat(done.get("progress").get("done").asBoolean()).as(done.toString()).isTrue();

        JsonNode captions = api.get(path + "/captions?format=json").json();

        assertThat(captions.get("duration").asDouble())
                .isCloseTo(done.get("progress").get("duration_seconds").asDouble(), within(0.01));
        List<JsonNode> words = new ArrayList<>();
        captions.get("cues").forEach(cue -> cue.get("words").forEach(words::add));
        assertThat(String.join(" ", words.stream().map(w -> w.get("text").asString()).toList()))
                .isEqualTo("The boats came home before the storm. Is everyone back? Everyone but one.");
        JsonNode segments = done.get("segments");
        for (int i = 0; i < segments.size(); i++) {
            double start = segments.get(i).get("start_seconds").asDouble();
            double end = start + segments.get(i).get("duration_seconds").asDouble();
            String first = segments.get(i).get("text").asString().split(" ")[0];
            JsonNode word = words.stream().filter(w -> w.get("text").asString().equals(first)).findFirst().orElseThrow();
            assertThat(word.get("start").asDouble()).isBetween(start, end);
        }
        String srt = api.get(path + "/captions?format=srt&download=true").text();
        assertThat(srt).startsWith("1\n").contains(" --> ", "Everyone but one.");
    }
}
