package app.utter.accounts;

/** Published once, when the first visitor has set up the admin account; rows from before accounts go to it. */
public record AdminSetUp(Owner admin) {
}
