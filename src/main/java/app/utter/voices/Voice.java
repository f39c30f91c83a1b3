package app.utter.voices;

import java.time.Duration;
import java.time.Instant;

/**
 * A cloned voice as stored: the reference clip's facts, its transcript and the consent given for it.
 *
 * @param transcriptSource {@link #TYPED} by a person, or {@link #HEARD} by the speech worker in the clip
 * @param description      for a designed voice, the words it was designed from; null for a recorded one
 */
public record Voice(
        String id,
        String ownerId,
        String name,
        String transcript,
        String transcriptSource,
        Language language,
        Consent consent,
        Duration duration,
        ReferenceSource source,
        String contentSha256,
        Instant createdAt,
        Instant updatedAt,
        boolean favourite,
        int uses,
        String description) {

    public static final String TYPED = "typed";
    public static final String HEARD = "heard";

    /** The consent statement accepted when the voice was created: how, when, and by which account's user. */
    public record Consent(String statement, String source, Instant acceptedAt, String acceptedBy) {
    }

    /** What was uploaded: container, codec, decoded length, file name and size. */
    public record ReferenceSource(String format, String codec, Duration duration, String filename, long sizeBytes) {
    }

    /** Blob key of the normalized 24 kHz mono reference clip. */
    public String referenceAudioKey() {
        return storagePrefix() + "reference.wav";
    }

    /** Blob key of the file exactly as uploaded. */
    public String originalAudioKey() {
        return storagePrefix() + "original";
    }

    String storagePrefix() {
        return "voices/" + id + "/";
    }
}
