package app.utter.generation;

import java.util.LinkedHashMap;
import java.util.Map;

import app.utter.design.PresetSpeaker;
import app.utter.voices.Language;
import app.utter.web.ApiProblem;
import app.utter.web.WellFormedText;

/** The rules a generation request must meet, each with a message that says how to fix it. */
final class GenerationRules {

    static final int MAX_TEXT = 10_000;
    static final long MAX_SEED = 4_294_967_295L;

    private final Map<String, String> errors = new LinkedHashMap<>();

    String text(String text) {
        String value = text == null ? "" : text.strip();
        if (value.isEmpty()) {
            errors.put("text", "Type the text to speak.");
        } else if (value.length() > MAX_TEXT) {
            errors.put("text", String.format("The text is %,d characters long; at most %,d can be spoken at once.",
                    value.length(), MAX_TEXT));
        } else {
            WellFormedText.flaw("text", value).ifPresent(flaw -> errors.put("text", flaw));
        }
        return value;
    }

    Language language(String language, Language voiceLanguage) {
        if (language == null || language.isBlank()) {
            return voiceLanguage;
        }
        return Language.parse(language).orElseGet(() -> {
            errors.put("language", Language.unsupported(language));
            return voiceLanguage;
        });
    }

    /** A preset speaker's instructions, when it takes them; null when none were given. */
    String instructions(String instructions, PresetSpeaker speaker, int max) {
        String value = instructions == null ? "" : instructions.strip();
        if (value.isEmpty()) {
            return null;
        }
        if (speaker == null) {
            errors.put("instructions", "Cloned voices take no instructions: they speak as their clip does. Leave "
                    + "instructions out, or choose a preset speaker to direct how it speaks.");
        } else if (!speaker.instructions()) {
            errors.put("instructions", "The preset speakers of this Utter's speech worker take no instructions (its "
                    + "0.6B model ignores them); leave instructions out.");
        } else if (value.length() > max) {
            errors.put("instructions", "The instructions are " + value.length() + " characters long; use at most "
                    + max + ".");
        } else {
            WellFormedText.flaw("instructions", value).ifPresent(flaw -> errors.put("instructions", flaw));
        }
        return value;
    }

    void seed(Long seed) {
        if (seed != null && (seed < 0 || seed > MAX_SEED)) {
            errors.put("seed", "Use a seed from 0 to " + MAX_SEED + ", or leave it out for a random one.");
        }
    }

    void sampling(NewGeneration.SamplingOptions sampling) {
        if (sampling == null) {
            return;
        }
        range("sampling.temperature", sampling.temperature(), 0.05, 2.0);
        range("sampling.top_p", sampling.topP(), 0.05, 1.0);
        range("sampling.repetition_penalty", sampling.repetitionPenalty(), 1.0, 2.0);
        if (sampling.topK() != null && (sampling.topK() < 1 || sampling.topK() > 200)) {
            errors.put("sampling.top_k", "Use a top_k from 1 to 200.");
        }
    }

    private void range(String field, Double value, double min, double max) {
        if (value != null && (value.isNaN() || value < min || value > max)) {
            errors.put(field, "Use a " + field.substring(field.indexOf('.') + 1) + " from " + min + " to " + max + ".");
        }
    }

    void throwIfInvalid() {
        if (errors.isEmpty()) {
            return;
        }
        throw ApiProblem.invalidFields("invalid-generation", errors);
    }
}
