package app.utter.web;

import java.util.Optional;

/**
 * The rule every text a person sends must meet, wherever it enters: only characters that can be stored and
 * spoken. A lone UTF-16 surrogate (JSON lets {@code "\ud800"} through) is no character at all, and control
 * characters such as NUL are refused by PostgreSQL and mean nothing to the speech model.
 */
public final class WellFormedText {

    private WellFormedText() {
    }

    /** Whether {@code text} meets the rule: what is stored meets it, so a lookup by text that does not finds nothing. */
    public static boolean isClean(String text) {
        return text == null || flaw("text", text).isEmpty();
    }

    /** What is wrong with {@code text}, in a sentence that names {@code field} and says what to fix; empty if nothing. */
    public static Optional<String> flaw(String field, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of(String.format("The %s holds a lone UTF-16 surrogate (\\u%04X) at character %,d, "
                        + "which is no character; send it as valid Unicode.", field, (int) c, text.codePointCount(0, i) + 1));
            } else if (Character.isISOControl(c) && c != '\t' && c != '\n' && c != '\r') {
                return Optional.of(String.format("The %s holds a control character (U+%04X) at character %,d; remove it.",
                        field, (int) c, text.codePointCount(0, i) + 1));
            }
        }
        return Optional.empty();
    }
}
