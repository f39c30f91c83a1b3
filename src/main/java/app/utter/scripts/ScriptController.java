package app.utter.scripts;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import app.utter.accounts.Owner;
import app.utter.audio.AudioFormat;
import app.utter.audio.AudioQuality;
import app.utter.generation.CaptionFormat;
import app.utter.generation.Generation;
import app.utter.generation.Generations;
import app.utter.listening.Captions;
import app.utter.storage.PresignedDownloads;
import app.utter.web.ApiProblem;
import app.utter.web.AudioResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Scripts as a resource API: {@code /api/v1/scripts}, their segments, takes, renders and exports. */
@RestController
@RequestMapping("/api/v1/scripts")
@Tag(name = "Scripts", description = "Long texts in several voices, rendered segment by segment")
class ScriptController {

    private final PresignedDownloads links;
    private final Scripts scripts;
    private final SegmentEdits edits;
    private final ScriptAudio audio;
    private final Generations generations;

    ScriptController(Scripts scripts, SegmentEdits edits, ScriptAudio audio, Generations generations,
            PresignedDownloads links) {
        this.scripts = scripts;
        this.links = links;
        this.edits = edits;
        this.audio = audio;
        this.generations = generations;
    }

    record ScriptChange(String title, Map<String, String> speakers) {
    }

    record RenderRequest(Boolean everything) {
    }

    record Rendering(int asked, ScriptViews.Progress progress) {
    }

    record LabelledTextRequest(String text) {
    }

    record LabelledTextView(List<String> speakers, int segments, int characters, int chapters) {
    }

    record SegmentRequest(String text, String voiceId, String language, String instructions, Boolean heading,
                          String speaker, Boolean continues, Integer position, Boolean locked, String takeId) {
        SegmentDraft draft() {
            return new SegmentDraft(text, voiceId, language, instructions, heading, speaker, continues);
        }
    }

    record SplitRequest(Integer at) {
    }

    record MoveRequest(Integer position) {
    }

    @GetMapping
    ScriptViews.ScriptList list(Owner owner) {
        Map<String, Long> characters = scripts.characters(owner);
        return new ScriptViews.ScriptList(scripts.list(owner).stream().map(script -> new ScriptViews.ScriptSummary(
                script.id(), script.title(), characters.getOrDefault(script.id(), 0L), script.createdAt(),
                script.updatedAt())).toList(), SegmentRules.MAX_SCRIPT_CHARACTERS);
    }

    @Operation(summary = "Create a script from JSON segments, or from text with speaker labels",
            description = "Either segments (each text, voice_id, optional language, instructions, heading, "
                    + "speaker, continues) or text with 'Label: line' lines, '# Heading' lines and blank lines "
                    + "between paragraphs, plus speakers mapping every label to a voice id. At most 200,000 "
                    + "characters and 2,000 segments; a segment holds at most 10,000.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ScriptViews.ScriptView> create(Owner owner, @RequestBody NewScript request) {
        Script script = scripts.create(owner, request);
        return ResponseEntity.created(URI.create("/api/v1/scripts/" + script.id())).body(view(owner, script.id()));
    }

    @Operation(summary = "Read labelled text without storing it: the speaker labels to map to voices")
    @PostMapping("/labels")
    LabelledTextView labels(@RequestBody LabelledTextRequest request) {
        LabelledText.Parsed parsed = LabelledText.parse(request.text() == null ? "" : request.text());
        return new LabelledTextView(List.copyOf(parsed.speakers()), parsed.pieces().size(),
                parsed.pieces().stream().mapToInt(piece -> piece.text().length()).sum(),
                (int) parsed.pieces().stream().filter(LabelledText.Piece::heading).count());
    }

    @GetMapping("/{id}")
    ScriptViews.ScriptView get(Owner owner, @PathVariable String id) {
        return view(owner, id);
    }

    @Operation(summary = "Rename, or give a speaker label another voice (its unlocked segments become stale)")
    @PatchMapping("/{id}")
    ScriptViews.ScriptView update(Owner owner, @PathVariable String id, @RequestBody ScriptChange change) {
        scripts.update(owner, id, change.title(), change.speakers());
        return view(owner, id);
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(Owner owner, @PathVariable String id) {
        scripts.delete(owner, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Render what has no audio of its current text; everything: a new take of every unlocked one")
    @PostMapping("/{id}/render")
    ResponseEntity<Rendering> render(Owner owner, @PathVariable String id,
            @RequestBody(required = false) RenderRequest request) {
        int asked = scripts.render(owner, id, request != null && Boolean.TRUE.equals(request.everything()));
        ScriptSnapshot snapshot = scripts.snapshot(owner, id);
        return ResponseEntity.accepted().body(new Rendering(asked,
                ScriptViews.progress(snapshot, audio.spans(snapshot))));
    }

    @PostMapping("/{id}/segments")
    ResponseEntity<ScriptViews.SegmentView> add(Owner owner, @PathVariable String id,
            @RequestBody SegmentRequest request) {
        Segment segment = edits.add(owner, id, request.draft(), request.position());
        return ResponseEntity.created(URI.create("/api/v1/scripts/" + id + "/segments/" + segment.id()))
                .body(segmentView(owner, id, segment.id()));
    }

    @Operation(summary = "Edit a segment (it alone becomes stale), lock or unlock its take, or choose another take")
    @PatchMapping("/{id}/segments/{segmentId}")
    ScriptViews.SegmentView change(Owner owner, @PathVariable String id, @PathVariable String segmentId,
            @RequestBody SegmentRequest request) {
        edits.change(owner, id, segmentId, request.draft(), request.locked(), request.takeId());
        return segmentView(owner, id, segmentId);
    }

    @DeleteMapping("/{id}/segments/{segmentId}")
    ResponseEntity<Void> deleteSegment(Owner owner, @PathVariable String id, @PathVariable String segmentId) {
        edits.delete(owner, id, segmentId);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "Split a segment at a character offset: the rest becomes the next segment")
    @PostMapping("/{id}/segments/{segmentId}/split")
    ScriptViews.ScriptView split(Owner owner, @PathVariable String id, @PathVariable String segmentId,
            @RequestBody SplitRequest request) {
        if (request.at() == null) {
            throw ApiProblem.invalidFields("invalid-split", Map.of("at", "Say where to split, in characters."));
        }
        edits.split(owner, id, segmentId, request.at());
        return view(owner, id);
    }

    @Operation(summary = "Merge a segment with the next one (same voice, language and instructions)")
    @PostMapping("/{id}/segments/{segmentId}/merge")
    ScriptViews.ScriptView merge(Owner owner, @PathVariable String id, @PathVariable String segmentId) {
        edits.merge(owner, id, segmentId);
        return view(owner, id);
    }

    @PostMapping("/{id}/segments/{segmentId}/move")
    ScriptViews.ScriptView move(Owner owner, @PathVariable String id, @PathVariable String segmentId,
            @RequestBody MoveRequest request) {
        if (request.position() == null) {
            throw ApiProblem.invalidFields("invalid-move", Map.of("position", "Say where to move it: 0 is first."));
        }
        edits.move(owner, id, segmentId, request.position());
        return view(owner, id);
    }

    @Operation(summary = "Render this segment alone now, as a new take with its own seed (also a failed one's retry)")
    @PostMapping("/{id}/segments/{segmentId}/takes")
    ResponseEntity<ScriptViews.TakeView> renderAgain(Owner owner, @PathVariable String id,
            @PathVariable String segmentId) {
        Take take = edits.renderAgain(owner, id, segmentId);
        return ResponseEntity.status(HttpStatus.CREATED).body(takes(owner, id, segmentId).stream()
                .filter(view -> view.id().equals(take.id())).findFirst().orElseThrow());
    }

    @Operation(summary = "A segment's takes, newest first; current: made from its text as it is now")
    @GetMapping("/{id}/segments/{segmentId}/takes")
    List<ScriptViews.TakeView> takes(Owner owner, @PathVariable String id, @PathVariable String segmentId) {
        Segment segment = scripts.snapshot(owner, id).segment(segmentId);
        List<Take> takes = edits.takes(owner, id, segmentId);
        Map<String, Generation> made = generations.find(owner, takes.stream().map(Take::generationId).toList());
        return takes.stream().map(take -> ScriptViews.of(take, segment, made.get(take.generationId()))).toList();
    }

    @Operation(summary = "The whole script as one file: format wav (default), mp3, opus, aac, flac or pcm",
            description = "409 script-not-rendered until every segment is done. Range requests are supported.")
    @GetMapping("/{id}/audio")
    ResponseEntity<Resource> audio(Owner owner, @PathVariable String id,
            @RequestParam(defaultValue = "wav") String format, @RequestParam(defaultValue = "standard") String quality,
            @RequestParam(defaultValue = "false") boolean download) {
        AudioFormat chosen = format(format);
        ScriptSnapshot snapshot = scripts.snapshot(owner, id);
        return AudioResponses.of(audio.whole(owner, snapshot, chosen, quality(quality)),
                MediaType.parseMediaType(chosen.mediaType()), fileName(snapshot) + "." + chosen.extension(), download,
                links);
    }

    @Operation(summary = "One file per chapter (a heading starts one) in a ZIP, in any audio format")
    @GetMapping("/{id}/chapters")
    ResponseEntity<Resource> chapters(Owner owner, @PathVariable String id,
            @RequestParam(defaultValue = "mp3") String format, @RequestParam(defaultValue = "standard") String quality) {
        ScriptSnapshot snapshot = scripts.snapshot(owner, id);
        return AudioResponses.of(audio.chapters(owner, snapshot, format(format), quality(quality)),
                MediaType.parseMediaType("application/zip"), fileName(snapshot) + ".zip", true, links);
    }

    @Operation(summary = "Captions of the whole script: format srt, vtt or json",
            description = "Each segment's captions, made by the worker's aligner, moved to where it starts.")
    @GetMapping("/{id}/captions")
    ResponseEntity<?> captions(Owner owner, @PathVariable String id, @RequestParam(defaultValue = "json") String format,
            @RequestParam(defaultValue = "false") boolean download) {
        CaptionFormat chosen = CaptionFormat.named(format);
        ScriptSnapshot snapshot = scripts.snapshot(owner, id);
        Captions made = audio.captions(owner, snapshot);
        ResponseEntity.BodyBuilder reply = ResponseEntity.ok().contentType(chosen.mediaType());
        if (download) {
            reply.header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                    .filename(fileName(snapshot) + "." + chosen.extension()).build().toString());
        }
        return switch (chosen) {
            case SRT -> reply.body(made.srt());
            case VTT -> reply.body(made.vtt());
            case JSON -> reply.body(made);
        };
    }

    private ScriptViews.ScriptView view(Owner owner, String id) {
        ScriptSnapshot snapshot = scripts.snapshot(owner, id);
        return ScriptViews.of(snapshot, audio.spans(snapshot));
    }

    private ScriptViews.SegmentView segmentView(Owner owner, String id, String segmentId) {
        return view(owner, id).segments().stream().filter(segment -> segment.id().equals(segmentId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Segment", segmentId));
    }

    private static AudioFormat format(String format) {
        return AudioFormat.named(format).orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST, "unknown-format",
                "Unknown format", "Use format wav, mp3, opus, aac, flac or pcm."));
    }

    private static AudioQuality quality(String quality) {
        return AudioQuality.named(quality).orElseThrow(() -> ApiProblem.invalidFields("invalid-quality",
                Map.of("quality", "Choose quality low, standard or high.")));
    }

    private static String fileName(ScriptSnapshot snapshot) {
        String safe = snapshot.script().title().replaceAll("[^\\p{L}\\p{N} ._-]", "").strip();
        return safe.isEmpty() ? "script" : safe;
    }
}
