package app.utter.audio;

import java.time.Duration;
import java.util.Locale;

/** Durations as a person reads them in an error message: "9.7 s", "60 s", "2 min 5 s", "10 h 0 min". */
final class DurationText {

    private DurationText() {}

    static String of(Duration duration) {
        double seconds = duration.toMillis() / 1000.0;
        if (seconds < 120) {
            return String.format(Locale.ROOT, seconds == Math.rint(seconds) ? "%.0f s" : "%.1f s", seconds);
        }
        long whole = Math.round(seconds);
        return whole < 3600
                ? "%d min %d s".formatted(whole / 60, whole % 60)
                : "%d h %d min".formatted(whole / 3600, whole % 3600 / 60);
    }
}
