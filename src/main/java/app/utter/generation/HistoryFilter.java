package app.utter.generation;

import org.springframework.jdbc.core.simple.JdbcClient;

import app.utter.web.Search;

/**
 * Which of a person's generations the history shows: text or voice name containing {@code query}, in one state,
 * in one language; {@link Search#ANY}, null or blank for any. Parts of something else, such as a script's segments,
 * are never in it.
 */
record HistoryFilter(Search query, Generation.Status status, String language) {

    static final HistoryFilter ALL = new HistoryFilter(Search.ANY, null, null);

    /** The SQL condition after {@code owner_id = :owner}, using the parameters of {@link #bind}. */
    String where() {
        return " AND part_of IS NULL" + (query.any() ? "" : " AND (LOWER(text) LIKE :pattern OR LOWER(voice_name) LIKE :pattern)")
                + (status == null ? "" : " AND status = :status")
                + (blank(language) ? "" : " AND language = :language");
    }

    JdbcClient.StatementSpec bind(JdbcClient.StatementSpec statement) {
        if (!query.any()) {
            statement = statement.param("pattern", query.likePattern());
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
