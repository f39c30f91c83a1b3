package app.utter.tts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

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
}
