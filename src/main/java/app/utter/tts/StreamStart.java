package app.utter.tts;

/** The start of a speech stream: its audio format, item count, the seed used and who made it. */
public record StreamStart(int protocolVersion, int sampleRate, int channels, String sampleFormat, int items,
                          long seed, String model, String engine) {
}
