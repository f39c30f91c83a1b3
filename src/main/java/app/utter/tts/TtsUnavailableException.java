package app.utter.tts;

import java.io.Serial;

/**
 * The worker could not be reached or did not finish: connection refused, timed out, 5xx or gateway errors
 * after every retry, or a stream cut short. Trying again later may work.
 */
public final class TtsUnavailableException extends TtsException {

    @Serial
    private static final long serialVersionUID = 1L;

    TtsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
