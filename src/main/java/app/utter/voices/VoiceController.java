package app.utter.voices;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

import org.springframework.core.io.Resource;
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
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import app.utter.accounts.Owner;
import app.utter.web.ApiProblem;
import app.utter.web.AudioResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The voice library as a resource API: {@code /api/v1/voices}. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Voices", description = "Create and manage cloned voices")
class VoiceController {

    private final VoiceLibrary library;

    private final VoiceSamples samples;

    VoiceController(VoiceLibrary library, VoiceSamples samples) {
        this.library = library;
        this.samples = samples;
    }

    @Operation(summary = "Create a voice from a reference clip, its transcript and language",
            description = "Multipart form. The clip must hold 3 to 60 s of speech (10 to 30 s works best), at most 20 MB, "
                    + "in any common format (WAV, MP3, M4A/AAC, FLAC, OGG/Opus, WebM/Opus). consent=true confirms "
                    + "\"I have the right to clone this voice\". When the speech worker transcribes, transcript and "
                    + "language may be left out (they are heard in the clip); a typed transcript or language that "
                    + "differs from what is heard answers 422 transcript-mismatch with both, unless "
                    + "confirm_mismatch=true. transcript_source=heard records a transcript heard and left unchanged.")
    @PostMapping(path = "/voices", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<VoiceView> create(Owner owner, @RequestParam(required = false) String name,
            @RequestParam(required = false) String transcript, @RequestParam(required = false) String language,
            @RequestParam(required = false) Boolean consent, @RequestPart(required = false) MultipartFile audio,
            @RequestParam(name = "transcript_source", required = false) String transcriptSource,
            @RequestParam(name = "confirm_mismatch", defaultValue = "false") boolean confirmMismatch) {
        Voice voice = library.create(owner, new NewVoice(name, transcript, language, consent, VoiceUploads.of(audio),
                transcriptSource, confirmMismatch), VoiceLibrary.CONSENT_EXPLICIT);
        return ResponseEntity.created(URI.create("/api/v1/voices/" + voice.id())).body(VoiceView.of(voice));
    }

    @Operation(summary = "List voices: favourites first, then by sort (newest, name or most-used)")
    @GetMapping("/voices")
    VoiceListView list(Owner owner, @RequestParam(required = false) String q, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size, @RequestParam(defaultValue = "newest") String sort) {
        VoiceOrder order = VoiceOrder.named(sort).orElseThrow(() -> ApiProblem.invalidFields("invalid-sort",
                java.util.Map.of("sort", "Sort by newest, name or most-used.")));
        VoicePage found = library.list(owner, q, order, page, size);
        return new VoiceListView(found.items().stream().map(VoiceView::of).toList(), found.page(), found.size(),
                found.total());
    }

    @GetMapping("/voices/{id}")
    VoiceView get(Owner owner, @PathVariable String id) {
        return VoiceView.of(library.get(owner, id));
    }

    @Operation(summary = "Rename a voice, change its transcript or language, or mark it a favourite",
            description = "Fields left out stay as they are.")
    @PatchMapping(path = "/voices/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    VoiceView update(Owner owner, @PathVariable String id, @RequestBody VoiceChanges changes) {
        return VoiceView.of(library.update(owner, id, changes));
    }

    @Operation(summary = "Replace the transcript and language with what the speech worker hears in the clip",
            description = "409 listening-unavailable when the speech worker does not transcribe.")
    @PostMapping("/voices/{id}/transcription")
    VoiceView transcribe(Owner owner, @PathVariable String id) {
        return VoiceView.of(library.transcribe(owner, id));
    }

    @Operation(summary = "Delete a voice and its audio")
    @DeleteMapping("/voices/{id}")
    ResponseEntity<Void> delete(Owner owner, @PathVariable String id) {
        library.delete(owner, id);
        return ResponseEntity.noContent().build();
    }

    @Operation(summary = "The normalized reference clip (24 kHz mono WAV); supports range requests")
    @GetMapping("/voices/{id}/audio")
    ResponseEntity<Resource> audio(Owner owner, @PathVariable String id) {
        return audioResponse(library.referenceAudio(owner, id), "voice-" + id + ".wav");
    }

    @Operation(summary = "A short line spoken in the voice (WAV), made on first request and then kept",
            description = "503 sample-unavailable when the speech worker cannot speak it now.")
    @GetMapping("/voices/{id}/sample")
    ResponseEntity<Resource> sample(Owner owner, @PathVariable String id) {
        return audioResponse(samples.sample(owner, id), "voice-" + id + "-sample.wav");
    }

    @Operation(summary = "The reference clip exactly as uploaded")
    @GetMapping("/voices/{id}/original")
    ResponseEntity<Resource> original(Owner owner, @PathVariable String id) {
        Voice voice = library.get(owner, id);
        String filename = voice.source().filename() == null ? "voice-" + id : voice.source().filename();
        return audioResponse(library.originalAudio(owner, id), filename);
    }

    @GetMapping("/languages")
    List<LanguageView> languages() {
        return Arrays.stream(Language.values()).map(l -> new LanguageView(l.label(), l.nativeName())).toList();
    }

    static ResponseEntity<Resource> audioResponse(Resource audio, String filename) {
        return AudioResponses.of(audio, VoiceUploads.mediaTypeOf(filename), filename, false);
    }

    record VoiceListView(List<VoiceView> items, int page, int size, long total) {
    }

    record LanguageView(String name, String nativeName) {
    }
}
