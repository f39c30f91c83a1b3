package app.utter.voices;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import app.utter.audio.ReferenceAudioImporter;
import app.utter.audio.UnusableAudioException;
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
    private final ReferenceAudioImporter importer;
    private final Path workRoot;

    TranscriptionController(ClipTranscripts transcripts, Listening listening, ReferenceAudioImporter importer,
            @Value("${utter.data-dir}") Path dataDir) throws IOException {
        this.transcripts = transcripts;
        this.listening = listening;
        this.importer = importer;
        this.workRoot = Files.createDirectories(dataDir.resolve("tmp"));
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
        return transcripts.hear(normalized(audio), hint == Language.AUTO ? null : hint);
    }

    /** The clip as a voice keeps it (24 kHz mono WAV, silence trimmed), which is also what the worker hears best. */
    private byte[] normalized(MultipartFile audio) {
        Path work = null;
        try {
            work = Files.createTempDirectory(workRoot, "transcription-");
            Path upload = work.resolve("upload");
            try (InputStream in = audio.getInputStream()) {
                Files.copy(in, upload);
            }
            importer.importClip(upload, work.resolve("clip.wav"), VoiceRules.MAX_CLIP);
            return Files.readAllBytes(work.resolve("clip.wav"));
        } catch (UnusableAudioException unusable) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, unusable.problemType(), "Audio not usable",
                    unusable.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the uploaded clip", e);
        } finally {
            if (work != null) {
                FileSystemUtils.deleteRecursively(work.toFile());
            }
        }
    }
}
