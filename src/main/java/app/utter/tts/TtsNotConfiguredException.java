package app.utter.tts;

import java.io.Serial;

/**
 * No TTS worker can be reached: none is set up, or one is still being prepared ({@link #preparing()}). Nothing can
 * be spoken until an admin sets one up or it is ready; the message says which, for the admin.
 */
public final class TtsNotConfiguredException extends TtsException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final boolean preparing;

    TtsNotConfiguredException(String detail, boolean preparing) {
        super(detail, null);
        this.preparing = preparing;
    }

    /** A worker is on its way: waiting will do. */
    public boolean preparing() {
        return preparing;
    }
}
