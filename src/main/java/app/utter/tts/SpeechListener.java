package app.utter.tts;

/**
 * Receives synthesized speech as it arrives, on the thread that called {@link TtsEngine#synthesize}, so the
 * first part can be played before the rest exists. Items arrive in order: all of item 0, then item 1, ...
 */
@FunctionalInterface
public interface SpeechListener {

    /** The stream's format and seed, before any audio. */
    default void started(StreamStart start) {
    }

    /** A chunk of item {@code item}: signed 16-bit little-endian mono PCM at {@link StreamStart#sampleRate()}. */
    void audio(int item, byte[] pcm);

    /** Item {@code item} is complete with {@code samples} samples in all. */
    default void itemDone(int item, long samples) {
    }
}
