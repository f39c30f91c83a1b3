package app.utter.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import app.utter.accounts.Owner;
import app.utter.design.PresetSpeaker;
import app.utter.design.PresetVoices;
import app.utter.voices.Voice;
import app.utter.voices.VoiceLibrary;
import app.utter.voices.VoicePage;
import app.utter.web.ApiProblem;
import tools.jackson.databind.JsonNode;
import app.utter.web.WellFormedText;

/**
 * Finds the voice a speech request names: by its id, else by its name (any case), which must be unique among the
 * person's voices; else a preset speaker of the worker's by its name ("ryan", "Uncle Fu") or id ("preset:ryan").
 */
@Component
class VoiceFinder {

    private static final int PAGE_SIZE = 200;

    private final VoiceLibrary voices;
    private final PresetVoices presets;

    VoiceFinder(VoiceLibrary voices, PresetVoices presets) {
        this.voices = voices;
        this.presets = presets;
    }

    /** The id of the voice that {@code voice} (a string, or an object with an id) names. */
    String idOf(Owner owner, JsonNode voice) {
        String reference = (voice.isObject() ? voice.path("id") : voice).stringValueOpt().orElse("").strip();
        if (reference.isEmpty()) {
            throw problem(HttpStatus.BAD_REQUEST, "invalid-speech-request", "Some fields need fixing",
                    "Name a voice as a string: the id or the name of one of your voices.");
        }
        WellFormedText.flaw("voice", reference).ifPresent(flaw -> {
            throw problem(HttpStatus.BAD_REQUEST, "invalid-speech-request", "Some fields need fixing", flaw);
        });
        try {
            return voices.get(owner, reference).id();
        } catch (ApiProblem notAnId) {
            if (notAnId.getStatusCode().value() != HttpStatus.NOT_FOUND.value()) {
                throw notAnId;
            }
        }
        List<Voice> named = PresetSpeaker.isPresetId(reference) ? List.of() : named(owner, reference);
        if (named.isEmpty()) {
            return presets.find(reference).map(PresetSpeaker::voiceId).orElseThrow(() -> problem(HttpStatus.NOT_FOUND,
                    "voice-not-found", "Voice not found", "There is no voice with the id or name '" + reference
                            + "'. Use the id or name of one of your voices (GET /api/v1/voices) or of a preset "
                            + "speaker (GET /api/v1/speakers)."));
        }
        if (named.size() > 1) {
            throw problem(HttpStatus.BAD_REQUEST, "ambiguous-voice", "Several voices have this name",
                    named.size() + " voices are named '" + reference + "'; name the one you mean by its id: "
                            + String.join(", ", named.stream().map(Voice::id).toList()) + ".");
        }
        return named.getFirst().id();
    }

    private List<Voice> named(Owner owner, String name) {
        List<Voice> named = new ArrayList<>();
        for (int page = 0; ; page++) {
            VoicePage found = voices.list(owner, name, page, PAGE_SIZE); // names containing it; keep the exact ones
            found.items().stream().filter(voice -> voice.name().equalsIgnoreCase(name)).forEach(named::add);
            if ((long) (page + 1) * PAGE_SIZE >= found.total()) {
                return named;
            }
        }
    }

    /** A problem about the voice field, listed in {@code errors} as the field problems of the rest of the API are. */
    private static ApiProblem problem(HttpStatus status, String type, String title, String detail) {
        return new ApiProblem(status, type, title, detail,
                Map.of("errors", List.of(Map.of("field", "voice", "message", detail))));
    }
}
