package app.utter.tts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The TTS engine port: turns a reference clip into a reusable voice prompt, and text plus that prompt into
 * streamed speech. The worker client is one implementation; callers depend only on this interface.
 * Every method throws a {@link TtsException} subtype when it fails.
 */
public interface TtsEngine {

    /** Whether a worker is on its way (being installed or started), so that work should wait rather than fail. */
    default boolean preparing() {
        return false;
    }

    /** What the engine runs and its limits; one attempt, no retries, so a health check stays quick. */
    WorkerHealth health();

    /**
     * Encodes a reference clip (a WAV file's bytes, 24 kHz mono 16-bit preferred) once into a prompt to store
     * with the voice. {@code transcript} may be null only when {@code xVectorOnly}.
     */
    VoicePrompt createPrompt(byte[] referenceAudio, String transcript, boolean xVectorOnly);

    default VoicePrompt createPrompt(Path referenceAudio, String transcript, boolean xVectorOnly) {
        try {
            return createPrompt(Files.readAllBytes(referenceAudio), transcript, xVectorOnly);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read reference audio " + referenceAudio, e);
        }
    }

    /**
     * Speaks the request's texts, handing PCM to {@code listener} as it arrives (on the calling thread), and
     * returns once the last item is complete. A {@link PromptRebuildRequiredException} means the stored prompt
     * must be rebuilt with {@link #createPrompt} before trying again.
     */
    SynthesisResult synthesize(SynthesisRequest request, SpeechListener listener);

    /**
     * What is said in a clip (a WAV file's bytes) and in which language; {@code language} null to detect it, and
     * {@code wordTimings} to learn when each word is said. A worker that does not listen answers with a
     * {@link TtsRejectedException} whose code is {@value #NOT_LISTENING}.
     */
    Transcript transcribe(byte[] audio, String language, boolean wordTimings);

    /** When each word of {@code text}, spoken in {@code clip} (WAV bytes) in {@code language}, is said. */
    List<TimedWord> align(byte[] clip, String text, String language);

    /** The worker's problem code for listening asked of a worker that does not listen. */
    String NOT_LISTENING = "not-implemented";
}
