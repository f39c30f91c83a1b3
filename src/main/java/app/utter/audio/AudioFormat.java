package app.utter.audio;

import java.util.Locale;
import java.util.Optional;

/** The formats generated speech can be delivered in; the names are those of OpenAI's {@code response_format}. */
public enum AudioFormat {
    WAV("audio/wav", "wav"),
    MP3("audio/mpeg", "mp3"),
    OPUS("audio/ogg", "opus"),
    AAC("audio/mp4", "m4a"),
    FLAC("audio/flac", "flac"),
    PCM("application/octet-stream", "pcm"); // raw s16le; audio/L16 would promise big-endian

    private final String mediaType;
    private final String extension;

    AudioFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    public String mediaType() {
        return mediaType;
    }

    /** File name extension, without the dot. */
    public String extension() {
        return extension;
    }

    /** The format with this name ({@code "mp3"}, {@code "opus"}, any case), if there is one. */
    public static Optional<AudioFormat> named(String name) {
        for (AudioFormat format : values()) {
            if (format.name().equals(name.toUpperCase(Locale.ROOT))) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
