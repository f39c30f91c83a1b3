package app.utter.generation;

import java.time.Instant;
import java.util.List;

/** A generation as the resource API shows it. */
record GenerationView(
        String id,
        String status,
        String voiceId,
        String voiceName,
        String text,
        String language,
        Long seed,
        NewGeneration.SamplingOptions sampling,
        Progress progress,
        String error,
        Double durationSeconds,
        Double generationSeconds,
        Instant createdAt,
        Instant finishedAt,
        boolean selfCheck,
        CheckReport checks,
        String instructions,
        String spokenText,
        List<Double> partEnds,
        Links links) {

    record Progress(int chunksDone, int chunksTotal, int chunksPlayable) {
    }

    /** {@code captions}: present once the generation succeeded, when captions can be had for it. */
    record Links(String self, String events, String chunks, String audio, String cancel, String retry,
                 String captions) {
    }

    static GenerationView of(Generation g, int playable, boolean captions) {
        return of(g, playable, captions, null);
    }

    /** {@code partEnds}: where each part ends in the finished audio, in seconds (single views only), or null. */
    static GenerationView of(Generation g, int playable, boolean captions, List<Double> partEnds) {
        String self = "/api/v1/generations/" + g.id();
        boolean done = g.status() == Generation.Status.SUCCEEDED;
        return new GenerationView(g.id(), g.status().name().toLowerCase(), g.voiceId(), g.voiceName(), g.text(),
                g.language(), g.seed(), g.samplingOptions(), new Progress(g.chunksDone(), g.chunksTotal(), playable), g.error(),
                g.duration() == null ? null : g.duration().toMillis() / 1000.0,
                g.generationTime() == null ? null : g.generationTime().toMillis() / 1000.0,
                g.createdAt(), g.finishedAt(), g.selfCheck(), g.checks(), g.instructions(), g.spokenText(), partEnds,
                new Links(self, self + "/events", self + "/chunks/{index}", done ? self + "/audio" : null,
                        g.status().finished() ? null : self + "/cancel",
                        g.status() == Generation.Status.FAILED || g.status() == Generation.Status.CANCELLED
                                ? self + "/retry" : null, captions ? self + "/captions" : null));
    }
}
