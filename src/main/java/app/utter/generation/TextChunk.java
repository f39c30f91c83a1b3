package app.utter.generation;

import java.time.Duration;

/** One piece of a text, spoken in one worker request, and the pause that follows it in the stitched audio. */
public record TextChunk(String text, Duration pauseAfter) {
}
