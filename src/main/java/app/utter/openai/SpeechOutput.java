package app.utter.openai;

import java.io.IOException;

/** Where a speech response goes: the audio bytes as they are, or OpenAI's speech events. */
interface SpeechOutput {

    /** The next bytes of the audio file; throws when the client has gone. */
    void audio(byte[] bytes) throws IOException;

    /** The audio is complete; {@code inputTokens} is what OpenAI reports as usage (here: input characters). */
    void done(int inputTokens) throws IOException;

    /** The audio ended short: the generation failed or was cancelled midway. */
    void failed(String reason);
}
