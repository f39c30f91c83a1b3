package app.utter.tts;

import java.time.Duration;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How to reach the TTS worker. An empty base URL leaves TTS unconfigured: the app runs, speech calls fail.
 *
 * @param baseUrl        e.g. {@code https://you--utter-tts.modal.run} or {@code http://gpu-host:8000}
 * @param bearerToken    the worker's {@code UTTER_AUTH_TOKEN}, sent as {@code Authorization: Bearer}
 * @param modalKey       Modal proxy auth token id, sent as {@code Modal-Key}
 * @param modalSecret    Modal proxy auth token secret, sent as {@code Modal-Secret}
 * @param connectTimeout time to open a connection (a cold Modal container may take tens of seconds)
 * @param readTimeout    longest wait for any data, headers or the next stream frame (Modal ends requests at 150 s)
 * @param maxRetries     retries after a timeout, refused connection, 429 or 5xx, before any audio arrived
 * @param retryDelay     wait before the first retry; each later one waits {@code retryMultiplier} times longer
 * @param maxRedirects   Modal "still running" 303 redirects followed with GET; 0 treats a 303 as a failure
 * @param streamFormat   how speech streams travel: {@code binary} frames, or {@code events} (server-sent events,
 *                       which Modal delivers as they are written); {@code auto} takes events for a modal.run address
 * @param busyWait       how long a request keeps trying while the worker answers 503 busy (its Retry-After apart)
 */
@ConfigurationProperties("utter.tts.worker")
record WorkerProperties(String baseUrl, String bearerToken, String modalKey, String modalSecret,
                        @DefaultValue("60s") Duration connectTimeout, @DefaultValue("140s") Duration readTimeout,
                        @DefaultValue("3") int maxRetries, @DefaultValue("2s") Duration retryDelay,
                        @DefaultValue("2.0") double retryMultiplier, @DefaultValue("30s") Duration retryMaxDelay,
                        @DefaultValue("4") int maxRedirects, @DefaultValue("auto") String streamFormat,
                        @DefaultValue("10m") Duration busyWait) {

    WorkerProperties {
        if (!Set.of("auto", "binary", "events").contains(streamFormat)) {
            throw new IllegalArgumentException("utter.tts.worker.stream-format must be auto, binary or events, not '"
                    + streamFormat + "'");
        }
    }

    boolean configured() {
        return baseUrl != null && !baseUrl.isBlank();
    }

    /** The configured worker's address; only when {@link #configured()}. */
    WorkerAddress address() {
        return new WorkerAddress(baseUrl, bearerToken, modalKey, modalSecret);
    }

    boolean streamsAsEvents(WorkerAddress address) {
        return streamFormat.equals("events") || streamFormat.equals("auto") && address.onModal();
    }
}
