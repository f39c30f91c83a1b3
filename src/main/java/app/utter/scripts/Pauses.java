package app.utter.scripts;

import java.time.Duration;
import java.util.Objects;

/** The silence between two segments, from what the text does there: a sentence, a paragraph, a new speaker, a chapter. */
final class Pauses {

    static final Duration SENTENCE = Duration.ofMillis(250);     // as between the parts of one generation
    static final Duration PARAGRAPH = Duration.ofMillis(700);
    static final Duration SPEAKER_CHANGE = Duration.ofMillis(500);
    static final Duration AFTER_HEADING = Duration.ofMillis(1000);
    static final Duration BEFORE_HEADING = Duration.ofMillis(1500);

    private Pauses() {}

    static Duration between(Segment before, Segment after) {
        if (after.heading()) {
            return BEFORE_HEADING;
        }
        if (before.heading()) {
            return AFTER_HEADING;
        }
        if (!before.voiceId().equals(after.voiceId()) || !Objects.equals(before.speaker(), after.speaker())) {
            return SPEAKER_CHANGE;
        }
        return before.continues() ? SENTENCE : PARAGRAPH;
    }
}
