package app.utter.design;

import java.util.List;
import java.util.Optional;

import app.utter.voices.Language;

/**
 * A preset speaker of the worker's CustomVoice model, as generations name it: voice id {@code preset:<name>}.
 *
 * @param languages    what it speaks natively (it speaks the others too, with an accent)
 * @param dialect      the Chinese dialect it speaks, when it has one
 * @param instructions whether it takes an instruction on how to speak
 */
public record PresetSpeaker(String name, String label, List<String> languages, String dialect, String description,
                            boolean instructions) {

    static final String PREFIX = "preset:";

    /** Whether a voice id names a preset speaker rather than a stored voice. */
    public static boolean isPresetId(String voiceId) {
        return voiceId != null && voiceId.startsWith(PREFIX);
    }

    /** The speaker's name in a preset voice id ({@code preset:ryan} names {@code ryan}). */
    public static String nameOf(String voiceId) {
        return voiceId.substring(PREFIX.length());
    }

    public String voiceId() {
        return PREFIX + name;
    }

    /** The language it speaks unless told otherwise: its first native one. */
    public Language language() {
        return languages.isEmpty() ? Language.AUTO : Language.parse(languages.getFirst()).orElse(Language.AUTO);
    }

    /** Whether {@code reference} (its name, label or voice id, in any case) names this speaker. */
    boolean answersTo(String reference) {
        String wanted = reference.strip().toLowerCase(java.util.Locale.ROOT);
        wanted = wanted.startsWith(PREFIX) ? wanted.substring(PREFIX.length()) : wanted;
        return wanted.equals(name) || wanted.equals(label.toLowerCase(java.util.Locale.ROOT))
                || wanted.replace(' ', '_').equals(name);
    }

    static Optional<PresetSpeaker> among(List<PresetSpeaker> speakers, String reference) {
        return reference == null ? Optional.empty() : speakers.stream().filter(s -> s.answersTo(reference)).findFirst();
    }
}
