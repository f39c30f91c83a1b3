package app.utter.design;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import app.utter.storage.BlobStore;
import app.utter.tts.SynthesisRequest;
import app.utter.web.ApiProblem;

/** The worker's preset speakers, found by voice id or name, each with a short sample in its own language. */
@Service
public class PresetVoices {

    private static final long SAMPLE_SEED = 7; // the same sample each time it has to be made again

    private final VoiceFamilies families;
    private final WholeSpeech speech;
    private final BlobStore store;

    PresetVoices(VoiceFamilies families, WholeSpeech speech, BlobStore store) {
        this.families = families;
        this.speech = speech;
        this.store = store;
    }

    /** Every preset speaker the worker has now (none when it has no CustomVoice model). */
    public List<PresetSpeaker> all() {
        return families.abilities().speakers();
    }

    /** The preset speaker a voice id ({@code preset:ryan}), name or label names, when the worker has it. */
    public Optional<PresetSpeaker> find(String reference) {
        return PresetSpeaker.among(all(), reference);
    }

    /** The preset speaker named, or a problem saying why there is none and what to do. */
    public PresetSpeaker get(String reference) {
        VoiceFamilies.Abilities abilities = families.abilities();
        if (!abilities.hasPresets()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "presets-unavailable", "No preset speakers",
                    abilities.presetNote());
        }
        return PresetSpeaker.among(abilities.speakers(), reference).orElseThrow(() -> new ApiProblem(
                HttpStatus.NOT_FOUND, "voice-not-found", "Voice not found", "There is no preset speaker '"
                + reference + "'; the preset speakers are " + abilities.speakers().stream()
                .map(PresetSpeaker::label).collect(Collectors.joining(", ")) + "."));
    }

    /** The longest instruction the worker takes. */
    public int maxInstructionChars() {
        return families.abilities().maxInstructionChars();
    }

    /** The speaker's sample (WAV) in its first language, made on first request and then kept. */
    Resource sample(String reference) {
        PresetSpeaker speaker = get(reference);
        String key = "presets/" + speaker.name() + "/sample.wav";
        return store.get(key).orElseGet(() -> {
            SynthesisRequest request = SynthesisRequest.ofSpeaker(speaker.language().sampleLine(),
                    speaker.language().label(), speaker.name(), null, SynthesisRequest.Sampling.DEFAULTS, SAMPLE_SEED,
                    null);
            try {
                store.put(key, speech.speak(request, "sample-unavailable", "a sample").toWav());
            } catch (IOException e) {
                throw new UncheckedIOException("Could not keep the sample of " + speaker.name(), e);
            }
            return store.get(key).orElseThrow();
        });
    }
}
