package app.utter.voices;

import java.time.Instant;

/** A voice as the resource API shows it; {@code description} only for a designed voice. */
record VoiceView(
        String id,
        String name,
        String transcript,
        String transcriptSource,
        Language language,
        double durationSeconds,
        ConsentView consent,
        SourceView source,
        String contentSha256,
        Instant createdAt,
        Instant updatedAt,
        boolean favourite,
        int uses,
        String description,
        Links links) {

    record ConsentView(String statement, String method, Instant acceptedAt, String acceptedBy) {
    }

    record SourceView(String format, String codec, double durationSeconds, String filename, long sizeBytes) {
    }

    record Links(String self, String audio, String original, String sample, String transcription) {
    }

    static VoiceView of(Voice voice) {
        String self = "/api/v1/voices/" + voice.id();
        return new VoiceView(voice.id(), voice.name(), voice.transcript(), voice.transcriptSource(),
                voice.language(),
                seconds(voice.duration().toMillis()),
                new ConsentView(voice.consent().statement(), voice.consent().source(), voice.consent().acceptedAt(),
                        voice.consent().acceptedBy()),
                new SourceView(voice.source().format(), voice.source().codec(),
                        seconds(voice.source().duration().toMillis()), voice.source().filename(),
                        voice.source().sizeBytes()),
                voice.contentSha256(), voice.createdAt(), voice.updatedAt(), voice.favourite(), voice.uses(),
                voice.description(), new Links(self, self + "/audio", self + "/original", self + "/sample", self + "/transcription"));
    }

    private static double seconds(long millis) {
        return millis / 1000.0;
    }
}
