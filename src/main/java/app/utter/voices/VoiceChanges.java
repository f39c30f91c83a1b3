package app.utter.voices;

/** A partial edit of a voice: each field left {@code null} stays as it is. */
public record VoiceChanges(String name, String transcript, String language, Boolean favourite) {
}
