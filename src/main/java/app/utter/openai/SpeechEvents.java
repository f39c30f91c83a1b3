package app.utter.openai;

import java.io.IOException;
import java.util.Base64;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** Speech as OpenAI's server-sent events: {@code speech.audio.delta} with base64 audio, then {@code speech.audio.done}. */
record SpeechEvents(SseEmitter emitter) implements SpeechOutput {

    record AudioDelta(String type, String audio) {
    }

    record AudioDone(String type, Usage usage) {
    }

    record Usage(int inputTokens, int outputTokens, int totalTokens) {
    }

    record Failure(String type, OpenAiError error) {
    }

    @Override
    public void audio(byte[] bytes) throws IOException {
        if (bytes.length > 0) {
            send(new AudioDelta("speech.audio.delta", Base64.getEncoder().encodeToString(bytes)));
        }
    }

    @Override
    public void done(int inputTokens) throws IOException {
        send(new AudioDone("speech.audio.done", new Usage(inputTokens, 0, inputTokens)));
        emitter.complete();
    }

    @Override
    public void failed(String reason) {
        try {
            send(new Failure("error", new OpenAiError(reason, "server_error", null, "speech_failed")));
        } catch (IOException clientGone) {
            // nobody is left to tell
        }
        emitter.complete();
    }

    private void send(Object event) throws IOException {
        emitter.send(SseEmitter.event().data(event, MediaType.APPLICATION_JSON));
    }
}
