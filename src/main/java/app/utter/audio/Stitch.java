package app.utter.audio;

import static app.utter.audio.MonoResampler.SAMPLE_RATE;

import java.time.Duration;
import java.util.Arrays;

/**
 * One clip being stitched from TTS chunks. Each chunk is trimmed lightly, brought to the common loudness on its own
 * (so a chunk can be played before the next exists), faded in and out, and separated from the next by its pause.
 * Not for concurrent use: append chunks in speaking order from one thread at a time.
 */
public final class Stitch {

    private static final int EDGE_PADDING = SAMPLE_RATE * 40 / 1000; // quiet kept at each chunk edge: 40 ms
    private static final int FADE = SAMPLE_RATE * 5 / 1000;          // 5 ms ramps: no click where speech meets pause

    private short[] joined = new short[0]; // grows by doubling: most clips are a few seconds
    private int length;
    private int owedPause; // samples of silence due before the next chunk's speech
    private boolean finished;

    Stitch() {}

    /**
     * Adds the next chunk (24 kHz mono) and returns the part of the clip that is now final, for playback: the
     * pause owed since the previous chunk, then this chunk's speech. {@code pauseAfter} is inserted only if speech
     * follows. A chunk without speech adds nothing but its pause.
     */
    public PcmAudio append(PcmAudio chunk, Duration pauseAfter) {
        if (finished) {
            throw new IllegalStateException("the stitch is already finished");
        }
        if (chunk.sampleRate() != SAMPLE_RATE) {
            throw new IllegalArgumentException("chunks must be " + SAMPLE_RATE + " Hz, not " + chunk.sampleRate());
        }
        if (pauseAfter.isNegative()) {
            throw new IllegalArgumentException("a pause cannot be negative: " + pauseAfter);
        }
        short[] speech = levelled(chunk.samples());
        int pause = Math.toIntExact(pauseAfter.toNanos() * SAMPLE_RATE / 1_000_000_000L);
        if (speech.length == 0) {
            owedPause = Math.max(owedPause, pause);
            return new PcmAudio(SAMPLE_RATE, new short[0]);
        }
        short[] piece = new short[(length == 0 ? 0 : owedPause) + speech.length]; // no pause before the first
        System.arraycopy(speech, 0, piece, piece.length - speech.length, speech.length);
        add(piece);
        owedPause = pause;
        return new PcmAudio(SAMPLE_RATE, piece);
    }

    /** The whole clip: every piece {@link #append} returned, in order. No more chunks can be added. */
    public PcmAudio finish() {
        finished = true;
        return new PcmAudio(SAMPLE_RATE, Arrays.copyOf(joined, length));
    }

    /** Trimmed and set to the common RMS with the peak ceiling, as reference clips are; empty when silent. */
    private static short[] levelled(short[] samples) {
        float[] scaled = new float[samples.length];
        for (int i = 0; i < samples.length; i++) {
            scaled[i] = samples[i] / 32768f;
        }
        try {
            return fadedAtEdges(SpeechNormalizer.normalize(scaled, EDGE_PADDING).samples());
        } catch (UnusableAudioException silent) { // the normalizer's only refusal: no speech in the chunk
            return new short[0];
        }
    }

    private static short[] fadedAtEdges(short[] samples) {
        int ramp = Math.min(FADE, samples.length / 2);
        for (int i = 0; i < ramp; i++) {
            double gain = (double) i / ramp;
            samples[i] = (short) Math.round(samples[i] * gain);
            samples[samples.length - 1 - i] = (short) Math.round(samples[samples.length - 1 - i] * gain);
        }
        return samples;
    }

    private void add(short[] piece) {
        if (length + piece.length > joined.length) {
            joined = Arrays.copyOf(joined, Math.max(joined.length * 2, length + piece.length));
        }
        System.arraycopy(piece, 0, joined, length, piece.length);
        length += piece.length;
    }
}
