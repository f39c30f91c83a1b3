package app.utter.speech;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import app.utter.accounts.Accounts;
import app.utter.tts.TtsEngine;
import app.utter.tts.TtsException;
import app.utter.tts.TtsNotConfiguredException;
import app.utter.tts.WorkerHealth;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Whether speech is available, for the pages: what the worker runs and how fast, a wake-up call so a cold start
 * overlaps with typing, and, when speech is not available, a sentence for the person asking. An admin reads what
 * to do; everyone else, that speech is not there yet and who can set it up.
 */
@RestController
@RequestMapping("/api/v1/worker")
@Tag(name = "Speech worker")
class SpeechStatusController {

    private final TtsEngine engine;
    private final LocalWorker local;
    private final SpeechSource source;
    private final Accounts accounts;
    private final AtomicBoolean waking = new AtomicBoolean();

    SpeechStatusController(TtsEngine engine, LocalWorker local, SpeechSource source, Accounts accounts) {
        this.engine = engine;
        this.local = local;
        this.source = source;
        this.accounts = accounts;
    }

    @Operation(summary = "Whether speech is available, what makes it and how fast; if not, why and who can help")
    @GetMapping
    Map<String, Object> status(HttpServletRequest request) {
        Map<String, Object> status = new LinkedHashMap<>();
        try {
            WorkerHealth health = engine.health();
            status.put("state", "ready");
            status.put("model", health.model());
            status.put("engine", health.engine());
            status.put("device", health.device());
            if (source.localChosen() && local.status().speed() != null) {
                status.put("speed", local.status().speed()); // seconds of speech made per second, measured here
            }
        } catch (TtsNotConfiguredException e) {
            boolean admin = request.isUserInRole("ADMIN");
            status.put("state", e.preparing() ? "preparing" : "not-set-up");
            status.put("detail", admin ? e.getMessage() : e.preparing()
                    ? "Speech is being set up on this Utter; generations wait for it."
                    : "Speech is not available on this Utter yet. " + whoCanHelp());
            if (admin && !source.configured()) {
                status.put("setup_url", "/admin/speech");
            }
        } catch (TtsException e) {
            status.put("state", "unavailable");
            status.put("detail", "The speech worker is not answering; generations wait for it.");
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

    private String whoCanHelp() {
        List<String> admins = accounts.adminNames();
        return admins.isEmpty() ? "An admin of this Utter can set it up."
                : "Ask " + String.join(" or ", admins) + " (admin) to set it up.";
    }
}
