package app.utter.design;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.PythonWorkerTest;
import tools.jackson.databind.JsonNode;

/** A worker that serves only the Base model: designs and preset speakers are refused, naming the setting to change. */
class DesignUnavailableTests extends PythonWorkerTest {

    ApiClient api;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        startWorker(registry, Map.of());
    }

    @BeforeEach
    void signIn() {
        api = newUser("plain").api();
    }

    @Test
    void designingIsRefusedNamingTheWorkerSetting() {
        JsonNode abilities = api.get("/api/v1/design").json();
        assertThat(abilities.get("available").asBoolean()).isFalse();
        assertThat(abilities.get("note").asString()).contains("UTTER_DESIGN_MODEL=Qwen/Qwen3-TTS-12Hz-1.7B-VoiceDesign");

        Response refused = api.postJson("/api/v1/designs", Map.of("description", "A calm old man.",
                "text", "The sea was calm that night, and the stars were bright."));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).endsWith("design-unavailable");
        assertThat(refused.json().get("detail").asString()).contains("UTTER_DESIGN_MODEL");
        assertThat(api.get("/api/v1/account").json().get("usage").get("characters_last_24h").asInt()).isZero();
    }

    @Test
    void presetSpeakersAreAbsentAndRefusedNamingTheWorkerSetting() {
        JsonNode speakers = api.get("/api/v1/speakers").json();
        assertThat(speakers.get("available").asBoolean()).isFalse();
        assertThat(speakers.get("items")).isEmpty();
        assertThat(speakers.get("note").asString()).contains("UTTER_PRESET_MODEL");

        Response refused = api.postJson("/api/v1/generations", Map.of("voice_id", "preset:ryan", "text", "Hello."));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asString()).contains("UTTER_PRESET_MODEL");

        Response openAi = api.postJson("/v1/audio/speech", Map.of("model", "tts-1", "voice", "ryan", "input", "Hi."));
        assertThat(openAi.status()).isEqualTo(404);
        assertThat(openAi.json().get("error").get("code").asString()).isEqualTo("voice_not_found");
    }
}
