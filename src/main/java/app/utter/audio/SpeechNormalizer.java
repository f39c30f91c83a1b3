package app.utter.audio;

import static app.utter.audio.UnusableAudioException.Reason.SILENT;

import java.util.Arrays;
import java.util.Locale;

/**
 * Trims the quiet before and after the speech and sets its loudness, on 24 kHz mono float samples.
 * Not with libavfilter: silenceremove takes a fixed threshold, but it must follow each clip's own noise floor (the
 * Apollo clip's hiss sits near -26 dBFS); single-pass loudnorm took about 245 ms for 30 s here (it works at 192 kHz)
 * against about 1 ms for this gain.
 */
final class SpeechNormalizer {

    static final double TARGET_RMS_DBFS = -20;
    static final double PEAK_CEILING_DBFS = -1;
    static final double SILENT_BELOW_DBFS = -60;

    private static final int WINDOW = MonoResampler.SAMPLE_RATE / 100;      // levels are measured per 10 ms
    private static final int PADDING = MonoResampler.SAMPLE_RATE * 15 / 100; // 150 ms kept around the speech

    private SpeechNormalizer() {}

    static PcmAudio normalize(float[] samples) throws UnusableAudioException {
        return normalize(samples, PADDING);
    }

    /** As {@link #normalize(float[])}, keeping {@code padding} samples of the quiet on each side of the speech. */
    static PcmAudio normalize(float[] samples, int padding) throws UnusableAudioException {
        double[] levels = windowLevels(samples);
        double[] sorted = levels.clone();
        Arrays.sort(sorted);
        double loudest = sorted[sorted.length - 1];
        if (loudest < SILENT_BELOW_DBFS) {
            throw new UnusableAudioException(SILENT, loudest == Double.NEGATIVE_INFINITY
                    ? "The recording holds only digital silence; check that the microphone is on and record again."
                    : String.format(Locale.ROOT, "The recording is too quiet to use: its loudest moment is %.0f dBFS"
                            + " and speech needs at least %.0f dBFS. Record closer to the microphone.",
                            loudest, SILENT_BELOW_DBFS));
        }
        double noiseFloor = sorted[sorted.length / 20];
        double speechLevel = sorted[sorted.length * 19 / 20];
        double threshold = Math.min(Math.max(noiseFloor + 10, SILENT_BELOW_DBFS), speechLevel - 10);
        int first = 0;
        while (levels[first] <= threshold) {
            first++;
        }
        int last = levels.length - 1;
        while (levels[last] <= threshold) {
            last--;
        }
        int from = Math.max(0, first * WINDOW - padding);
        int to = Math.min(samples.length, (last + 1) * WINDOW + padding);
        return new PcmAudio(MonoResampler.SAMPLE_RATE, amplified(samples, from, to));
    }

    /** Mean-square level of each 10 ms window in dBFS; the last window may be shorter. */
    private static double[] windowLevels(float[] samples) {
        double[] levels = new double[Math.max(1, (samples.length + WINDOW - 1) / WINDOW)];
        for (int w = 0; w < levels.length; w++) {
            int from = w * WINDOW;
            int to = Math.min(samples.length, from + WINDOW);
            double sumOfSquares = 0;
            for (int i = from; i < to; i++) {
                sumOfSquares += samples[i] * samples[i];
            }
            levels[w] = 10 * Math.log10(sumOfSquares / Math.max(1, to - from));
        }
        return levels;
    }

    /** Scales [from, to) to the target RMS, less where that would lift the peak above the ceiling. */
    private static short[] amplified(float[] samples, int from, int to) {
        double sumOfSquares = 0;
        double peak = 0;
        for (int i = from; i < to; i++) {
            sumOfSquares += samples[i] * samples[i];
            peak = Math.max(peak, Math.abs(samples[i]));
        }
        double rms = Math.sqrt(sumOfSquares / (to - from));
        double gain = Math.min(gainFor(TARGET_RMS_DBFS) / rms, gainFor(PEAK_CEILING_DBFS) / peak);
        short[] scaled = new short[to - from];
        for (int i = from; i < to; i++) {
            long sample = Math.round(samples[i] * gain * 32768);
            scaled[i - from] = (short) Math.clamp(sample, Short.MIN_VALUE, Short.MAX_VALUE);
        }
        return scaled;
    }

    private static double gainFor(double dbfs) {
        return Math.pow(10, dbfs / 20);
    }
}
