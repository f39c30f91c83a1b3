package app.utter.tts;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * Reports the TTS worker at /actuator/health. Without a configured worker it says UNKNOWN, and UNREACHABLE when
 * the worker does not answer, neither of which marks the app (which still serves voices and history) DOWN; the
 * readiness group (/actuator/health/readiness) counts both as not ready.
 */
@Component("ttsWorker")
class TtsWorkerHealthIndicator extends AbstractHealthIndicator {

    static final Status UNREACHABLE = new Status("UNREACHABLE", "The speech worker does not answer");

    private final TtsEngine engine;

    TtsWorkerHealthIndicator(TtsEngine engine) {
        this.engine = engine;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try {
            WorkerHealth health = engine.health();
            builder.up()
                    .withDetail("reachable", true)
                    .withDetail("model", orUnknown(health.model() == null ? null : health.model().key()))
                    .withDetail("attention", orUnknown(health.attention()))
                    .withDetail("engine", orUnknown(health.engine()))
                    .withDetail("device", orUnknown(health.device()));
            if (health.capacity() != null) {
                builder.withDetail("capacity", health.capacity());
            }
        } catch (TtsNotConfiguredException e) {
            builder.unknown().withDetail("reachable", false).withDetail("worker", "not configured")
                    .withDetail("detail", e.getMessage());
        } catch (TtsException e) {
            builder.status(UNREACHABLE).withDetail("reachable", false).withDetail("error", e.getMessage());
        }
    }

    private static String orUnknown(String value) {
        return value == null ? "unknown" : value;
    }
}
