package app.utter.tts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The speech worker's state for the pages, and a wake-up call so a cold start overlaps with typing. */
@RestController
@RequestMapping("/api/v1/worker")
@Tag(name = "Speech worker")
class WorkerStatusController {

    private final TtsEngine engine;
    private final AtomicBoolean waking = new AtomicBoolean();

    WorkerStatusController(TtsEngine engine) {
        this.engine = engine;
    }

    @Operation(summary = "Whether the speech worker answers, and what it runs")
    @GetMapping
    Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        try {
            WorkerHealth health = engine.health();
            status.put("state", "ready");
            status.put("model", health.model());
            status.put("engine", health.engine());
            status.put("attention", health.attention());
        } catch (TtsNotConfiguredException e) {
            status.put("state", "not-configured");
            status.put("detail", "No speech worker is configured: set utter.tts.worker.base-url (see docs/worker.md).");
        } catch (TtsException e) {
            status.put("state", "unavailable");
            status.put("detail", e.getMessage());
        }
        return status;
    }

    @Operation(summary = "Wake the speech worker in the background (a serverless GPU may take a while to start)")
    @PostMapping("/wake")
    Map<String, String> wake() {
        if (waking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("worker-wake").start(() -> {
                try {
                    engine.health();
                } catch (TtsException ignored) {
                    // the generate page shows the worker's state from GET /api/v1/worker
                } finally {
                    waking.set(false);
                }
            });
        }
        return Map.of("state", "waking");
    }
}
