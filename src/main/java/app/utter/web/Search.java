package app.utter.web;

import java.util.Locale;
import java.util.Map;

/**
 * What a person searches a list for (the {@code q} parameter): checked like every text they send, and matched as
 * part of a name or text, case aside. Blank or null matches everything.
 */
public record Search(String text) {

    public static final Search ANY = new Search(null);

    public Search {
        if (text != null) {
            WellFormedText.flaw("search", text).ifPresent(flaw -> {
                throw ApiProblem.invalidFields("invalid-search", Map.of("q", flaw));
            });
        }
    }

    public boolean any() {
        return text == null || text.isBlank();
    }

    /** A SQL LIKE pattern for lowered text that contains the search; {@code %}, {@code _} and {@code \} match themselves. */
    public String likePattern() {
        String plain = any() ? "" : text.strip().toLowerCase(Locale.ROOT);
        return "%" + plain.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
