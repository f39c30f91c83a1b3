package app.utter.tts;

import java.util.List;

/**
 * What the worker heard in a clip.
 *
 * @param text     what is said; empty when nothing was heard
 * @param language one of Utter's language names, {@link #UNSUPPORTED} for another language, null when none was heard
 * @param detected the language as the recognition model names it (e.g. "Cantonese"), or null
 * @param words    when each word is said, or null when not asked for or not possible
 * @param duration the clip's length in seconds
 */
public record Transcript(String text, String language, String detected, List<TimedWord> words, double duration) {

    public static final String UNSUPPORTED = "unsupported";

    public Transcript {
        text = text == null ? "" : text.strip();
        words = words == null ? null : List.copyOf(words);
    }

    /** Whether the speech is in one of the languages Utter speaks. */
    public boolean inUtterLanguage() {
        return language != null && !language.equals(UNSUPPORTED);
    }

    public boolean heardNothing() {
        return text.isEmpty();
    }
}
