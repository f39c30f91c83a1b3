package app.utter.web;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** A short id that a log line and the sentence a person reads both carry, so that an admin finds one from the other. */
public final class LogReference {

    private LogReference() {
    }

    /** Eight hex digits, new each time. */
    public static String next() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
