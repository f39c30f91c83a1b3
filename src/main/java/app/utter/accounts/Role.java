package app.utter.accounts;

/** What an account may do: an admin also invites people and disables accounts. */
public enum Role {
    ADMIN, USER;

    String authority() {
        return "ROLE_" + name();
    }
}
