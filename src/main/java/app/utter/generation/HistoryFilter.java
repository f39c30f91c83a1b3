package app.utter.generation;

import java.util.Locale;

/**
 * Which of a person's generations the history shows: text or voice name containing {@code query}, in one state,
 * in one language; each null (or blank) for any.
 */
record HistoryFilter(String query, Generation.Status status, String language) {

    static final HistoryFilter ALL = new HistoryFilter(null, null, null);

    /** The SQL condition after {@code owner_id = :owner}, using the parameters of {@link #bind}. */
    String where() {
        return (blank(query) ? "" : " AND (LOWER(text) LIKE :pattern OR LOWER(voice_name) LIKE :pattern)")
                + (status == null ? "" : " AND status = :status")
                + (blank(language) ? "" : " AND language = :language");
    }

    org.springframework.jdbc.core.simple.JdbcClient.StatementSpec bind(
            org.springframework.jdbc.core.simple.JdbcClient.StatementSpec statement) {
        if (!blank(query)) {
            String plain = query.strip().toLowerCase(Locale.ROOT);
            statement = statement.param("pattern",
                    "%" + plain.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        if (status != null) {
            statement = statement.param("status", status.name());
        }
        return blank(language) ? statement : statement.param("language", language);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
