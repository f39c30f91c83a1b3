package app.utter.accounts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import app.utter.web.ApiProblem;

/** Checks a username and a new password, collecting a message per field so a form can show them all at once. */
final class AccountRules {

    static final int MIN_PASSWORD = 10;
    static final int MAX_PASSWORD = 200;
    private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]");

    private final Map<String, String> errors = new LinkedHashMap<>();

    /** Usernames are kept in lower case, so "Alice" and "alice" are one person. */
    static String normalize(String username) {
        return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
    }

    String username(String raw) {
        String username = normalize(raw);
        if (!USERNAME.matcher(username).matches()) {
            errors.put("username", "Use 3 to 64 letters, digits, dots, dashes or underscores, starting and ending "
                    + "with a letter or digit.");
        }
        return username;
    }

    void newPassword(String field, String password, String confirmation) {
        if (password == null || password.length() < MIN_PASSWORD) {
            errors.put(field, "Use at least " + MIN_PASSWORD + " characters; a few unrelated words make a strong one.");
        } else if (password.length() > MAX_PASSWORD) {
            errors.put(field, "Use at most " + MAX_PASSWORD + " characters.");
        } else if (confirmation != null && !confirmation.equals(password)) {
            errors.put("confirm_password", "The two passwords differ; type the same one twice.");
        }
    }

    void reject(String field, String message) {
        errors.put(field, message);
    }

    Map<String, String> errors() {
        return Map.copyOf(errors);
    }

    void throwIfInvalid(String type) {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidFields(type, errors);
        }
    }
}
