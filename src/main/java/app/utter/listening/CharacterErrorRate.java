package app.utter.listening;

import java.text.Normalizer;
import java.util.Locale;

import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * How far what was heard is from a reference text: edits (characters inserted, removed or replaced) per character
 * of the reference, after folding case and width (NFKC: full-width letters and digits become plain ones) and
 * dropping punctuation, symbols and spaces, which speech does not carry. A Chinese character counts as one
 * character, as an English letter does.
 */
public final class CharacterErrorRate {

    private CharacterErrorRate() {
    }

    /** 0 for the same words; 1 when every character differs; more when far more was heard than the reference. */
    public static double of(String reference, String heard) {
        String expected = normalized(reference);
        String got = normalized(heard);
        if (expected.isEmpty()) {
            return got.isEmpty() ? 0 : 1;
        }
        return (double) LevenshteinDistance.getDefaultInstance().apply(expected, got)
                / expected.codePointCount(0, expected.length());
    }

    /** The text as compared: NFKC, lower case, letters and digits (with their marks) only. */
    static String normalized(String text) {
        if (text == null) {
            return "";
        }
        return Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).codePoints()
                .filter(c -> Character.isLetterOrDigit(c) || Character.getType(c) == Character.NON_SPACING_MARK
                        || Character.getType(c) == Character.COMBINING_SPACING_MARK)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
