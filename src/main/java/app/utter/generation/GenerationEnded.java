package app.utter.generation;

/** Published when a generation job ends in this instance: succeeded, failed or cancelled. */
public record GenerationEnded(String generationId) {
}
