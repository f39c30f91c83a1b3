package app.utter.generation;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
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
import app.utter.audio.AudioFormat;
import app.utter.audio.AudioQuality;
import app.utter.listening.Captions;
import app.utter.storage.PresignedDownloads;
import app.utter.web.ApiProblem;
import app.utter.web.AudioResponses;
import app.utter.web.Search;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

/** Speech generation as a resource API: {@code /api/v1/generations}. */
@RestController
@RequestMapping("/api/v1/generations")
@Tag(name = "Generations", description = "Speak text in a cloned voice")
class GenerationController {

    private static final Duration EVENT_POLL = Duration.ofMillis(200);
    private static final Duration EVENTS_AT_MOST = Duration.ofMinutes(30);
    private static final MediaType WAV = MediaType.parseMediaType("audio/wav");

    private final PresignedDownloads links;
    private final Generations generations;
    private final GenerationChanges changes;
    private final GenerationCaptions captions;
    private final JsonMapper json;

    GenerationController(Generations generations, GenerationChanges changes, GenerationCaptions captions,
            JsonMapper json, PresignedDownloads links) {
        this.generations = generations;
        this.links = links;
        this.captions = captions;
        this.changes = changes;
        this.json = json;
    }

    @Operation(summary = "Queue a text to be spoken in a voice",
            description = "text: 1 to 10,000 characters; language defaults to the voice's. Follow progress at "
                    + "links.events (server-sent events); chunks play as soon as they exist.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<GenerationView> submit(Owner owner, @RequestBody NewGeneration request) {
        Generation generation = generations.submit(owner, request);
        return ResponseEntity.created(URI.create("/api/v1/generations/" + generation.id()))
                .body(GenerationView.of(generation, 0, false));
    }

    @Operation(summary = "History, newest first")
    @GetMapping
    GenerationListView list(Owner owner, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size, @RequestParam(required = false) String q,
            @RequestParam(required = false) String status, @RequestParam(required = false) String language) {
        Generations.GenerationPage found = generations.list(owner, new HistoryFilter(new Search(q), status(status), language),
                page, size);
        return new GenerationListView(found.items().stream().map(this::view).toList(), found.page(), found.size(),
                found.total());
    }

    @GetMapping("/{id}")
    GenerationView get(Owner owner, @PathVariable String id) {
        Generation generation = generations.get(owner, id);
        return view(generation, generations.partEnds(generation));
    }

    @PostMapping("/{id}/cancel")
    GenerationView cancel(Owner owner, @PathVariable String id) {
        return view(generations.cancel(owner, id));
    }

    @Operation(summary = "Ask again for a failed or cancelled generation, in its place",
            description = "The same voice, text, language, seed, sampling and self-check; answers the new generation. "
                    + "409 for a generation running or succeeded, or whose voice was deleted.")
    @PostMapping("/{id}/retry")
    ResponseEntity<GenerationView> retry(Owner owner, @PathVariable String id) {
        Generation again = generations.retry(owner, id);
        return ResponseEntity.created(URI.create("/api/v1/generations/" + again.id()))
                .body(GenerationView.of(again, 0, false));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Owner owner, @PathVariable String id) {
        generations.delete(owner, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The finished audio: format wav (default), mp3, opus, aac, flac or pcm; supports range requests",
            description = "speed 0.5 to 2 (1 by default) makes it faster or slower at the same pitch; quality low, "
                    + "standard or high halves or doubles the bit rate of MP3, Opus and AAC.")
    @GetMapping("/{id}/audio")
    ResponseEntity<Resource> audio(Owner owner, @PathVariable String id, @RequestParam(defaultValue = "wav") String format,
            @RequestParam(defaultValue = "1") double speed, @RequestParam(defaultValue = "standard") String quality,
            @RequestParam(defaultValue = "false") boolean download) {
        AudioQuality level = AudioQuality.named(quality).orElseThrow(() -> ApiProblem.invalidFields("invalid-quality",
                java.util.Map.of("quality", "Choose quality low, standard or high.")));
        AudioFormat chosen = AudioFormat.named(format).orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST,
                "unknown-format", "Unknown format", "Use format wav, mp3, opus, aac, flac or pcm."));
        if (!(speed >= Generations.MIN_SPEED && speed <= Generations.MAX_SPEED)) {
            throw ApiProblem.invalidFields("invalid-speed", java.util.Map.of("speed", "Use a speed from 0.5 to 2; 1 "
                    + "is the voice's own pace."));
        }
        return AudioResponses.of(generations.audio(owner, id, chosen, speed, level),
                MediaType.parseMediaType(chosen.mediaType()),
                "utter-" + id + "." + chosen.extension(), download, links);
    }

    @Operation(summary = "One chunk's audio as soon as it is synthesized (WAV); 404 until then")
    @GetMapping("/{id}/chunks/{index}")
    ResponseEntity<Resource> chunk(Owner owner, @PathVariable String id, @PathVariable int index) {
        Resource chunk = generations.chunk(owner, id, index).orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND,
                "chunk-not-ready", "Chunk not ready", "Chunk " + index + " is still being synthesized; "
                        + "follow the events stream to know when it is ready."));
        return AudioResponses.of(chunk, WAV, "utter-" + id + "-" + index + ".wav", false);
    }

    @Operation(summary = "Captions with word timings: format srt, vtt (words timed inline) or json",
            description = "Made on first request by the speech worker's aligner, then kept. 409 captions-not-ready "
                    + "before the generation succeeded; 409 listening-unavailable when the worker does not time words.")
    @GetMapping("/{id}/captions")
    ResponseEntity<?> captions(Owner owner, @PathVariable String id, @RequestParam(defaultValue = "json") String format,
            @RequestParam(defaultValue = "false") boolean download) {
        CaptionFormat chosen = CaptionFormat.named(format);
        Captions made = captions.of(owner, id);
        ResponseEntity.BodyBuilder reply = ResponseEntity.ok().contentType(chosen.mediaType());
        if (download) {
            reply.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                    .filename("utter-" + id + "." + chosen.extension()).build().toString());
        }
        return switch (chosen) {
            case SRT -> reply.body(made.srt());
            case VTT -> reply.body(made.vtt());
            case JSON -> reply.body(made);
        };
    }

    @Operation(summary = "Progress as server-sent events, until the generation finishes")
    @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    void events(Owner owner, @PathVariable String id, HttpServletResponse response) throws IOException {
        get(owner, id); // 404 now, as a plain answer, rather than in the stream
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding(StandardCharsets.UTF_8);
        // Written on the request's own virtual thread, where waiting is cheap: no async dispatch, no extra thread.
        stream(owner, id, response.getOutputStream(), Instant.now().plus(EVENTS_AT_MOST));
    }

    /**
     * Sends the generation's state whenever it changes: at once for changes made in this app instance, and within
     * {@link #EVENT_POLL} for those of other instances sharing the database.
     */
    private void stream(Owner owner, String id, OutputStream out, Instant giveUp) {
        try {
            GenerationView last = null;
            while (Instant.now().isBefore(giveUp)) {
                GenerationChanges.NextChange next = changes.next(id); // before reading: a later change wakes us
                GenerationView current = get(owner, id);
                if (!Objects.equals(current, last)) {
                    out.write(("event:progress\ndata:" + json.writeValueAsString(current) + "\n\n")
                            .getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    last = current;
                }
                if (!current.status().equals("queued") && !current.status().equals("running")) {
                    changes.forget(id);
                    return;
                }
                next.await(EVENT_POLL);
            }
        } catch (IOException | ApiProblem gone) {
            // the client left, or the generation was deleted: the stream just ends
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A state named as the API shows it (queued, running, ...), or null for any; 400 for another word. */
    private static Generation.Status status(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return java.util.Arrays.stream(Generation.Status.values())
                .filter(s -> s.name().equalsIgnoreCase(name.strip())).findFirst()
                .orElseThrow(() -> ApiProblem.invalidFields("invalid-filter", java.util.Map.of("status",
                        "Choose one of queued, running, succeeded, failed or cancelled.")));
    }

    private GenerationView view(Generation generation) {
        return view(generation, null);
    }

    private GenerationView view(Generation generation, List<Double> partEnds) {
        return GenerationView.of(generation, generations.playableChunks(generation), captions.available(generation),
                partEnds);
    }

    record GenerationListView(List<GenerationView> items, int page, int size, long total) {
    }
}
