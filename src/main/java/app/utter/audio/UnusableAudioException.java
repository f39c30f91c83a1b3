package app.utter.audio;

import java.io.Serial;

/** An upload that cannot become a reference clip; the message tells the uploader what to do about it. */
public final class UnusableAudioException extends Exception {

    @Serial
    private static final long serialVersionUID = 1L;

    public enum Reason { EMPTY, NOT_AUDIO, CORRUPT, TRUNCATED, TOO_LONG, SILENT }

    private final Reason reason;

    public UnusableAudioException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    /** The slug of the problem that answers such an upload, e.g. {@code audio-too-long}. */
    public String problemType() {
        return "audio-" + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
