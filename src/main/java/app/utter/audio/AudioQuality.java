package app.utter.audio;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How many bits a second a compressed format spends: half, the same or twice its standard rate (FLAC is lossless). */
public enum AudioQuality {
    LOW(0.5), STANDARD(1), HIGH(2);

    private final double bitRateFactor;

    AudioQuality(double bitRateFactor) {
        this.bitRateFactor = bitRateFactor;
    }

    long bitRate(long standard) {
        return Math.round(standard * bitRateFactor);
    }

    /** The quality named low, standard or high (any case), if it is one. */
    public static Optional<AudioQuality> named(String name) {
        return Arrays.stream(values()).filter(q -> q.name().equals(name.strip().toUpperCase(Locale.ROOT))).findFirst();
    }
}
