package app.utter.voices;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a list of voices is sorted (after the favourites, which come first). */
public enum VoiceOrder {
    NEWEST("created_at DESC"), NAME("LOWER(name), created_at DESC"), MOST_USED("uses DESC, created_at DESC");

    private final String sql;

    VoiceOrder(String sql) {
        this.sql = sql;
    }

    String sql() {
        return sql;
    }

    /** The order named as the API spells it: newest, name or most-used. */
    static Optional<VoiceOrder> named(String name) {
        return Arrays.stream(values()).filter(o -> o.apiName().equals(name.strip().toLowerCase(Locale.ROOT))).findFirst();
    }

    String apiName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
