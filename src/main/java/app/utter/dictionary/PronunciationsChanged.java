package app.utter.dictionary;

import app.utter.accounts.Owner;

/** Someone's pronunciation dictionary gained or lost rules: texts of theirs may now be spoken otherwise. */
public record PronunciationsChanged(Owner owner) {
}
