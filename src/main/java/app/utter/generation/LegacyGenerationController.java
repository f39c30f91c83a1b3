package app.utter.generation;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import app.utter.accounts.Owner;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The generation endpoints of the original Utter API, with its task shapes and status words
 * (pending, processing, completed, failed, cancelled), so that its clients keep working.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Generations (original API)", description = "Compatible with the original Utter clients; new clients use /api/v1")
class LegacyGenerationController {

    private final Generations generations;

    LegacyGenerationController(Generations generations) {
        this.generations = generations;
    }

    record LegacyRequest(String voiceId, String text, String language) {
    }

    @PostMapping("/generate")
    ResponseEntity<Map<String, Object>> generate(Owner owner, @RequestBody LegacyRequest request) {
        Generation generation = generations.submit(owner,
                new NewGeneration(request.voiceId(), request.text(), request.language(), null, null));
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(Map.of("task_id", generation.id(), "status", legacyStatus(generation)));
    }

    @GetMapping("/tasks/{id}")
    Map<String, Object> task(Owner owner, @PathVariable String id) {
        Generation g = generations.get(owner, id);
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("task_id", g.id());
        task.put("status", legacyStatus(g));
        task.put("progress", Map.of("completed_chunks", g.chunksDone(), "total_chunks", g.chunksTotal()));
        if (g.status() == Generation.Status.SUCCEEDED) {
            task.put("result", Map.of("audio_url", audioUrl(g), "generation_id", g.id(),
                    "duration", g.duration().toMillis() / 1000.0));
        }
        if (g.error() != null) {
            task.put("error", g.error());
        }
        return task;
    }

    @PostMapping("/tasks/{id}/cancel")
    Map<String, Object> cancel(Owner owner, @PathVariable String id) {
        generations.cancel(owner, id);
        return Map.of("cancelled", true, "task_id", id);
    }

    @GetMapping("/generations")
    Map<String, Object> list(Owner owner, @RequestParam(defaultValue = "1") int page,
            @RequestParam(name = "per_page", defaultValue = "20") int perPage) {
        Generations.GenerationPage found = generations.list(owner, Math.max(page, 1) - 1, Math.min(Math.max(perPage, 1), 100));
        long pages = Math.max(1, (found.total() + found.size() - 1) / found.size());
        return Map.of("generations", found.items().stream().map(LegacyGeneration::of).toList(),
                "pagination", Map.of("page", found.page() + 1, "per_page", found.size(), "total", found.total(),
                        "pages", pages));
    }

    @DeleteMapping("/generations/{id}")
    Map<String, Object> delete(Owner owner, @PathVariable String id) {
        generations.delete(owner, id);
        return Map.of("success", true, "message", "Generation deleted");
    }

    record LegacyGeneration(String id, String voiceId, String voiceName, String text, String audioPath,
                            Double durationSeconds, String language, String status, Double generationTimeSeconds,
                            Instant createdAt) {
        static LegacyGeneration of(Generation g) {
            return new LegacyGeneration(g.id(), g.voiceId(), g.voiceName(), g.text(),
                    g.status() == Generation.Status.SUCCEEDED ? audioUrl(g) : null,
                    g.duration() == null ? null : g.duration().toMillis() / 1000.0, g.language(), legacyStatus(g),
                    g.generationTime() == null ? null : g.generationTime().toMillis() / 1000.0, g.createdAt());
        }
    }

    private static String audioUrl(Generation g) {
        return "/api/v1/generations/" + g.id() + "/audio";
    }

    private static String legacyStatus(Generation g) {
        return switch (g.status()) {
            case QUEUED -> "pending";
            case RUNNING -> "processing";
            case SUCCEEDED -> "completed";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
        };
    }

}
