package app.utter.tts;

import java.io.Serial;

/** Speech could not be produced; the subtype says why and what the caller can do about it. */
public abstract sealed class TtsException extends RuntimeException
        permits TtsNotConfiguredException, TtsUnavailableException, TtsRejectedException, SynthesisFailedException {

    @Serial
    private static final long serialVersionUID = 1L;

    TtsException(String message, Throwable cause) {
        super(message, cause);
    }
}
