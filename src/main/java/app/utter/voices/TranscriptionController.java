package app.utter.voices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import app.utter.listening.Listening;
import app.utter.tts.Transcript;
import app.utter.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * What is said in a clip, for filling in a new voice's transcript and language before it is saved:
 * {@code /api/v1/transcriptions}, and the original API's {@code /api/transcriptions}.
 */
@RestController
@Tag(name = "Transcriptions", description = "What is said in a clip, and in which language")
class TranscriptionController {

    /** What was heard: {@code language} is one of Utter's, null when nothing was heard. */
    record HeardView(String text, String language, String detectedLanguage, double durationSeconds, String model) {
    }

    private final ClipTranscripts transcripts;
    private final Listening listening;
    private final VoiceLibrary library;

    TranscriptionController(ClipTranscripts transcripts, Listening listening, VoiceLibrary library) {
        this.transcripts = transcripts;
        this.listening = listening;
        this.library = library;
    }

    @Operation(summary = "Transcribe a clip and detect its language",
            description = "Multipart form: audio (up to 60 s, any common format) and optionally language (one of "
                    + "/api/v1/languages; left out, it is detected). 409 listening-unavailable when this Utter's "
                    + "speech worker does not transcribe; 422 language-unsupported when the clip is in a language "
                    + "Utter does not speak; 422 nothing-heard when no speech was found.")
    @PostMapping(path = "/api/v1/transcriptions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    HeardView transcribe(@RequestPart(required = false) MultipartFile audio,
            @RequestParam(required = false) String language) {
        Transcript heard = hear(audio, language);
        return new HeardView(heard.text(), heard.language(), heard.detected(), heard.duration(),
                listening.abilities().models() == null ? null : listening.abilities().models().asrModel());
    }

    @Operation(summary = "Transcribe a clip (original API)", description = "As /api/v1/transcriptions; answers "
            + "{text, model, language}.")
    @PostMapping(path = "/api/transcriptions", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Map<String, Object> transcribeOriginal(@RequestPart(required = false) MultipartFile audio,
            @RequestParam(required = false) String language) {
        HeardView heard = transcribe(audio, language);
        Map<String, Object> reply = new java.util.LinkedHashMap<>();
        reply.put("text", heard.text());
        reply.put("model", heard.model());
        reply.put("language", heard.language());
        return reply;
    }

    private Transcript hear(MultipartFile audio, String language) {
        if (audio == null || audio.isEmpty()) {
            throw ApiProblem.invalidFields("invalid-transcription", Map.of("audio",
                    "Choose a recording to transcribe: WAV, MP3, M4A, FLAC, OGG or WebM."));
        }
        VoiceRules rules = new VoiceRules();
        Language hint = rules.language(language, true);
        rules.throwIfInvalid("invalid-transcription");
        try (InputStream upload = audio.getInputStream()) {
            return transcripts.hear(library.normalizedClip(upload), hint == Language.AUTO ? null : hint);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read an uploaded clip", e);
        }
    }
}
