package app.utter.voices;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import app.utter.accounts.Owner;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * The voice endpoints of the original Utter API, kept with their shapes so that its clients keep working.
 * Errors are problem details, whose {@code detail} field is where the original put its message.
 */
@RestController
@RequestMapping("/api")
@Tag(name = "Voices (original API)", description = "Compatible with the original Utter clients; new clients use /api/v1")
class LegacyVoiceController {

    private final VoiceLibrary library;

    LegacyVoiceController(VoiceLibrary library) {
        this.library = library;
    }

    @Operation(summary = "Clone a voice (original API)",
            description = "Calling this endpoint states \"I have the right to clone this voice\"; the voice records "
                    + "that its consent came through this API.")
    @PostMapping(path = "/clone", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, String>> clone(Owner owner, @RequestParam(required = false) String name,
            @RequestParam(required = false) String transcript,
            @RequestParam(required = false, defaultValue = "Auto") String language,
            @RequestPart(required = false) MultipartFile audio) {
        Voice voice = library.create(owner, new NewVoice(name, transcript, language, true, VoiceUploads.of(audio)),
                VoiceLibrary.CONSENT_LEGACY_API);
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("id", voice.id(), "name", voice.name()));
    }

    @GetMapping("/voices")
    Map<String, List<LegacyVoice>> voices(Owner owner) {
        return Map.of("voices", library.list(owner, null, 0, 200).items().stream().map(LegacyVoice::of).toList());
    }

    @DeleteMapping("/voices/{id}")
    Map<String, Object> delete(Owner owner, @PathVariable String id) {
        Voice voice = library.get(owner, id);
        library.delete(owner, id);
        return Map.of("success", true, "message", "Voice '" + voice.name() + "' deleted");
    }

    @GetMapping("/voices/{id}/preview")
    ResponseEntity<Resource> preview(Owner owner, @PathVariable String id) {
        return VoiceController.audioResponse(library.referenceAudio(owner, id), "voice-" + id + ".wav");
    }

    @GetMapping("/languages")
    Map<String, Object> languages() {
        return Map.of("languages", Arrays.stream(Language.values()).map(Language::label).toList(),
                "default", Language.AUTO.label(), "provider", "qwen");
    }

    record LegacyVoice(String id, String name, String referenceTranscript, Language language, Instant createdAt) {
        static LegacyVoice of(Voice voice) {
            return new LegacyVoice(voice.id(), voice.name(), voice.transcript(), voice.language(), voice.createdAt());
        }
    }
}
