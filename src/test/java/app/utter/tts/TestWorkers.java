package app.utter.tts;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/** Worker settings for tests: short timeouts and backoff so that failures show within a second. */
final class TestWorkers {

    static final Duration READ_TIMEOUT = Duration.ofMillis(500);

    private TestWorkers() {
    }

    static WorkerProperties properties(String baseUrl) {
        return properties(baseUrl, null, null, null);
    }

    static WorkerProperties properties(String baseUrl, String bearer, String modalKey, String modalSecret) {
        return new WorkerProperties(baseUrl, bearer, modalKey, modalSecret, Duration.ofSeconds(2), READ_TIMEOUT,
                2, Duration.ofMillis(10), 2.0, Duration.ofMillis(50), 2, "binary", Duration.ofSeconds(5));
    }

    static WorkerTtsEngine engine(String baseUrl) {
        return new WorkerTtsEngine(properties(baseUrl));
    }

    /** A short WAV-like payload; the fake worker only hashes it. */
    static byte[] referenceClip() {
        return ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN).put("RIFF".getBytes()).putInt(56).array();
    }
}
