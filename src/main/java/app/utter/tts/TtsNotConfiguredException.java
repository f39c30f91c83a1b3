package app.utter.tts;

import java.io.Serial;

/** No TTS worker is configured, so nothing can be spoken until an operator sets its address. */
public final class TtsNotConfiguredException extends TtsException {

    @Serial
    private static final long serialVersionUID = 1L;

    TtsNotConfiguredException() {
        super("no TTS worker configured: set utter.tts.worker.base-url", null);
    }
}
