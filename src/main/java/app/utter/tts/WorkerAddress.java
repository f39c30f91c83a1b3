package app.utter.tts;

import java.net.URI;

/**
 * Where a worker answers and the credentials it takes.
 *
 * @param baseUrl     e.g. {@code https://you--utter-tts.modal.run} or {@code http://127.0.0.1:8000}
 * @param bearerToken its {@code UTTER_AUTH_TOKEN}, or null
 * @param modalKey    a Modal proxy auth token's id, or null
 * @param modalSecret its secret, or null
 */
public record WorkerAddress(String baseUrl, String bearerToken, String modalKey, String modalSecret) {

    /** Modal delivers only server-sent events as they are written. */
    boolean onModal() {
        String host = URI.create(baseUrl.strip()).getHost();
        return host != null && host.endsWith(".modal.run");
    }
}
