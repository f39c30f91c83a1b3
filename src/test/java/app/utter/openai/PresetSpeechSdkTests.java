package app.utter.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechCreateParams.ResponseFormat;

import app.utter.support.ApiClient;
import app.utter.support.PythonWorkerTest;
import tools.jackson.databind.JsonNode;

/** The official OpenAI Java SDK speaks as a preset speaker, directed by OpenAI's own {@code instructions} field. */
class PresetSpeechSdkTests extends PythonWorkerTest {

    static final String TEXT = "And the crowd goes wild as the ball sails into the net in the final minute.";

    ApiClient api;
    OpenAIClient client;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        startWorker(registry, Map.of("UTTER_PRESET_MODEL", "Qwen/Qwen3-TTS-12Hz-1.7B-CustomVoice"));
    }

    @BeforeEach
    void client() {
        api = newUser("commentator").api();
        client = OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/v1").apiKey(api.apiKey())
                .maxRetries(0).build();
    }

    @Test
    void aPresetSpeakerByNameTakesTheInstructions() throws Exception {
        JsonNode plain = speak(SpeechCreateParams.builder().model("gpt-4o-mini-tts").voice("Aiden").input(TEXT)
                .responseFormat(ResponseFormat.WAV).build());
        JsonNode styled = speak(SpeechCreateParams.builder().model("gpt-4o-mini-tts").voice("aiden").input(TEXT)
                .instructions("Like a sports commentator at the height of a match: loud, fast, thrilled.")
                .responseFormat(ResponseFormat.MP3).build());

        assertThat(plain.get("voice_id").asString()).isEqualTo("preset:aiden");
        assertThat(plain.hasNonNull("instructions")).isFalse();
        assertThat(styled.get("voice_id").asString()).isEqualTo("preset:aiden");
        assertThat(styled.get("voice_name").asString()).isEqualTo("Aiden");
        assertThat(styled.get("instructions").asString()).startsWith("Like a sports commentator");
        assertThat(styled.get("status").asString()).isEqualTo("succeeded");
    }

    /** The finished generation behind a speech response, as the REST API shows it. */
    JsonNode speak(SpeechCreateParams params) throws Exception {
        try (HttpResponse response = client.audio().speech().create(params); InputStream body = response.body()) {
            assertThat(body.readAllBytes()).hasSizeGreaterThan(1000);
            return api.awaitGeneration(response.headers().values(SpeechController.GENERATION_HEADER).getFirst());
        }
    }
}
