package app.utter.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.speech.SpeechCreateParams.ResponseFormat;

import app.utter.generation.Generation;

/** The official OpenAI Java SDK speaks in a cloned voice through /v1/audio/speech. */
class OpenAiSdkTests extends SpeechApiTest {

    static final String TEXT = "Hello from the OpenAI SDK. This voice was cloned in Utter, and it speaks well.";

    OpenAIClient client;

    @BeforeEach
    void client() {
        client = OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/v1").apiKey(user.api().apiKey())
                .maxRetries(0).build();
    }

    @Test
    void mp3ForAVoiceById() throws Exception {
        Spoken spoken = speak(SpeechCreateParams.builder().model("gpt-4o-mini-tts").voice(voiceId).input(TEXT)
                .responseFormat(ResponseFormat.MP3).build());

        assertThat(spoken.generation().voiceId()).isEqualTo(voiceId);
        assertThat(spoken.audio()).startsWith("ID3".getBytes());
        assertThat(decodedDuration(spoken.audio())).isCloseTo(spoken.generation().duration(), Duration.ofMillis(60));
    }

    @Test
    void wavForAVoiceByNameInAnyCase() throws Exception {
        Spoken spoken = speak(SpeechCreateParams.builder().model("tts-1").voice(voiceName.toUpperCase()).input(TEXT)
                .responseFormat(ResponseFormat.WAV).build());

        assertThat(spoken.generation().voiceId()).isEqualTo(voiceId);
        assertThat(spoken.generation().duration()).isGreaterThan(Duration.ofMillis(TEXT.length() * 10L * 8 / 10));
        assertThat(decodedDuration(spoken.audio())).isCloseTo(spoken.generation().duration(), Duration.ofMillis(5));
    }

    @Test
    void speedChangesTheTempoNotThePitch() throws Exception {
        Spoken normal = speak(SpeechCreateParams.builder().model("tts-1").voice(voiceId).input(TEXT)
                .responseFormat(ResponseFormat.WAV).build());
        Spoken fast = speak(SpeechCreateParams.builder().model("tts-1").voice(voiceId).input(TEXT)
                .responseFormat(ResponseFormat.WAV).speed(2.0).build());
        Spoken slow = speak(SpeechCreateParams.builder().model("tts-1").voice(voiceId).input(TEXT)
                .responseFormat(ResponseFormat.MP3).speed(0.5).build());

        double seconds = normal.generation().duration().toMillis() / 1000.0;
        assertThat(decodedDuration(fast.audio()).toMillis() / 1000.0).isCloseTo(seconds / 2, within(0.05));
        assertThat(decodedDuration(slow.audio()).toMillis() / 1000.0).isCloseTo(seconds * 2, within(0.1));
        assertThat(crossingsPerSecond(fast.audio())).isCloseTo(crossingsPerSecond(normal.audio()), within(0.05));
    }

    @Test
    void problemsReachTheSdkAsOpenAiErrors() {
        assertThatThrownBy(() -> speak(SpeechCreateParams.builder().model("tts-1").voice("alloy").input(TEXT).build()))
                .isInstanceOfSatisfying(NotFoundException.class, e -> {
                    assertThat(e.getMessage()).contains("no voice with the id or name 'alloy'");
                    assertThat(e.code()).contains("voice_not_found");
                    assertThat(e.param()).contains("voice");
                });
        assertThatThrownBy(() -> speak(SpeechCreateParams.builder().model("tts-1").voice(voiceId).input(TEXT)
                .instructions("Speak cheerfully.").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.getMessage()).contains("Cloned voices take no instructions");
                    assertThat(e.param()).contains("instructions");
                });
        assertThatThrownBy(() -> speak(SpeechCreateParams.builder().model("tts-1").voice(voiceId).input(" ").build()))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.getMessage()).contains("Type the text to speak.");
                    assertThat(e.param()).contains("input");
                    assertThat(e.type()).contains("invalid_request_error");
                });
    }

    record Spoken(Generation generation, byte[] audio) {
    }

    Spoken speak(SpeechCreateParams params) throws Exception {
        try (HttpResponse response = client.audio().speech().create(params); InputStream body = response.body()) {
            byte[] audio = body.readAllBytes();
            String id = response.headers().values(SpeechController.GENERATION_HEADER).getFirst();
            return new Spoken(awaitFinished(id), audio);
        }
    }

    /** Sign changes per second of speech: twice the pitch of the fake worker's tone, whatever the tempo. */
    double crossingsPerSecond(byte[] wav) {
        short[] samples = new short[(wav.length - 44) / 2];
        java.nio.ByteBuffer.wrap(wav, 44, samples.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer()
                .get(samples);
        int crossings = 0;
        int voiced = 0;
        for (int i = 1; i < samples.length; i++) {
            if (Math.abs(samples[i]) > 500) {
                voiced++;
            }
            if ((samples[i - 1] < 0) != (samples[i] < 0)) {
                crossings++;
            }
        }
        return crossings / (voiced / 24_000.0) / 1000.0; // thousands per voiced second
    }

    static org.assertj.core.data.Offset<Double> within(double value) {
        return org.assertj.core.data.Offset.offset(value);
    }
}
