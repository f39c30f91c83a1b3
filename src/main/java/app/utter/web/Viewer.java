package app.utter.web;

/** The signed-in person as the page layout shows them: the name in the user menu, and whether to offer Admin. */
public record Viewer(String username, boolean admin) {
}
