package app.utter.openai;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import app.utter.accounts.Owner;
import app.utter.generation.Generation;
import app.utter.generation.Generations;
import app.utter.generation.NewGeneration;
import app.utter.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * OpenAI's create-speech endpoint, {@code POST /v1/audio/speech}, authenticated by an Utter API key sent as
 * {@code Authorization: Bearer}, as every OpenAI SDK sends its key.
 */
@RestController
@Tag(name = "OpenAI-compatible speech", description = "POST /v1/audio/speech as OpenAI's API has it")
class SpeechController {

    /** The id of the generation a speech response comes from, to find it in the history. */
    static final String GENERATION_HEADER = "Utter-Generation-Id";
    // The servlet container's default async timeout (30 s) is far shorter than a long text takes.
    private static final Duration RESPONSE_TIMEOUT = Duration.ofHours(1);
    private static final Map<String, String> FIELD_NAMES = Map.of("text", "input", "voice_id", "voice");

    private final Generations generations;
    private final VoiceFinder voices;
    private final GenerationAudio audio;
    private final SpeechStreamer streamer;

    SpeechController(Generations generations, VoiceFinder voices, GenerationAudio audio, SpeechStreamer streamer) {
        this.generations = generations;
        this.voices = voices;
        this.audio = audio;
        this.streamer = streamer;
    }

    @Operation(summary = "Speak a text in one of your voices, as OpenAI's create speech",
            description = "voice: a voice id or name, or a preset speaker's name; instructions: how a preset speaker "
                    + "speaks (cloned voices take none); model is ignored. pcm and wav stream while the"
                    + " text is synthesized; mp3, opus, aac (M4A) and flac come once it is done.")
    @PostMapping(path = "/v1/audio/speech", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<ResponseBodyEmitter> speech(Owner owner, @RequestBody SpeechRequest request) throws InterruptedException {
        SpeechSettings settings = SpeechSettings.of(request);
        Generation submitted = submit(owner, voices.idOf(owner, request.voice()), request.input(),
                request.instructions());
        Generation audible = audio.awaitAudio(owner, submitted.id(), settings.streamsPcm()); // failures before any byte: a problem

        long timeout = RESPONSE_TIMEOUT.toMillis();
        ResponseBodyEmitter emitter = settings.events() ? new SseEmitter(timeout) : new ResponseBodyEmitter(timeout);
        MediaType type = settings.events() ? MediaType.TEXT_EVENT_STREAM
                : MediaType.parseMediaType(settings.format().mediaType());
        SpeechOutput output = settings.events() ? new SpeechEvents((SseEmitter) emitter) : new RawSpeech(emitter, type);
        Thread.ofVirtual().name("speech-" + audible.id()).start(() -> streamer.stream(owner, audible, settings, output));
        return ResponseEntity.ok().contentType(type).header(GENERATION_HEADER, audible.id()).body(emitter);
    }

    /** Submits through the generation rules, naming the fields at fault as this API calls them. */
    private Generation submit(Owner owner, String voiceId, String input, String instructions) {
        try {
            return generations.submit(owner, new NewGeneration(voiceId, input, null, null, null, null, instructions));
        } catch (ApiProblem problem) {
            Map<String, String> errors = problem.fieldErrors();
            if (!problem.type().equals("invalid-generation") || errors.isEmpty()) {
                throw problem;
            }
            Map<String, String> renamed = new LinkedHashMap<>();
            errors.forEach((name, message) -> renamed.put(FIELD_NAMES.getOrDefault(name, name), message));
            throw ApiProblem.invalidFields("invalid-speech-request", renamed);
        }
    }
}
