package app.utter.voices;

/** Published once a new voice and its audio are stored. */
public record VoiceCreated(String voiceId) {
}
