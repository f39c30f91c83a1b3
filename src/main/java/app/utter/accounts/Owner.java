package app.utter.accounts;

/** The account a request acts for: every voice and generation belongs to one. Declare it as a controller parameter. */
public record Owner(String id, String username) {
}
