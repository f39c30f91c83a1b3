package app.utter.openai;

import java.io.IOException;

import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;

/** Speech as the response body itself, flushed as it comes. */
record RawSpeech(ResponseBodyEmitter emitter, MediaType type) implements SpeechOutput {

    @Override
    public void audio(byte[] bytes) throws IOException {
        if (bytes.length > 0) {
            emitter.send(bytes, type);
        }
    }

    @Override
    public void done(int inputTokens) {
        emitter.complete();
    }

    @Override
    public void failed(String reason) {
        emitter.complete(); // the status line is long sent; raw audio has no way to say more than stopping short
    }
}
