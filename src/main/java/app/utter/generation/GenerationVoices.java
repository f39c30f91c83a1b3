package app.utter.generation;

import org.springframework.stereotype.Component;

import app.utter.accounts.Owner;
import app.utter.design.PresetSpeaker;
import app.utter.design.PresetVoices;
import app.utter.voices.Language;
import app.utter.voices.Voice;
import app.utter.voices.VoiceLibrary;

/** The voice a generation speaks in: one of the owner's voices, or a preset speaker of the speech worker's. */
@Component
class GenerationVoices {

    /** {@code preset} null for a stored voice; {@code language} is what it speaks unless told otherwise. */
    record Chosen(String id, String name, Language language, PresetSpeaker preset) {
    }

    private final VoiceLibrary voices;
    private final PresetVoices presets;

    GenerationVoices(VoiceLibrary voices, PresetVoices presets) {
        this.voices = voices;
        this.presets = presets;
    }

    /** The voice {@code voiceId} names; not found (404), or no preset speakers (409), as problems. */
    Chosen choose(Owner owner, String voiceId) {
        if (PresetSpeaker.isPresetId(voiceId)) {
            PresetSpeaker speaker = presets.get(voiceId);
            return new Chosen(speaker.voiceId(), speaker.label(), speaker.language(), speaker);
        }
        Voice voice = voices.get(owner, voiceId);
        return new Chosen(voice.id(), voice.name(), voice.language(), null);
    }

    /** Whether the voice can still be spoken in: not deleted, or still among the worker's preset speakers. */
    boolean stillThere(Owner owner, String voiceId) {
        return PresetSpeaker.isPresetId(voiceId) ? presets.find(voiceId).isPresent()
                : voices.find(owner, voiceId).isPresent();
    }

    void countUse(Chosen voice) {
        if (voice.preset() == null) {
            voices.countUse(voice.id());
        }
    }

    int maxInstructionChars() {
        return presets.maxInstructionChars();
    }
}
