package app.utter.generation;

import java.time.Duration;
import java.time.Instant;

import app.utter.design.PresetSpeaker;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request to speak a text in a voice: the durable job while it runs, the history entry once it is done.
 *
 * @param chunksReady how many chunks from the first on are stored, to be played in order while it runs
 * @param selfCheck whether each chunk is to be heard and spoken again when it fails ({@link CheckReport})
 * @param checks    what that check found, once the generation succeeded; null otherwise
 * @param instructions how a preset speaker was asked to speak; null for other voices and when none were given
 * @param spokenText   the text as the person's pronunciation dictionary rewrote it; null when it changed nothing
 * @param partOf       what it was made for, such as {@code script:<id>}, keeping it out of the history; null when
 *                     asked for on its own
 */
public record Generation(
        String id,
        String ownerId,
        String voiceId,
        String voiceName,
        String text,
        String language,
        Long seed,
        String sampling,
        Status status,
        int chunksTotal,
        int chunksDone,
        int chunksReady,
        int attempts,
        String error,
        boolean cancelRequested,
        Duration duration,
        Duration workerTime,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        boolean selfCheck,
        CheckReport checks,
        String instructions,
        String spokenText,
        String partOf) {

    public enum Status {
        QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

        public boolean finished() {
            return this == SUCCEEDED || this == FAILED || this == CANCELLED;
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build(); // the stored column's own format

    /** What is split and spoken: the text, rewritten by the person's pronunciation dictionary. */
    public String textToSpeak() {
        return spokenText != null ? spokenText : text;
    }

    /** Whether it speaks as a preset speaker of the worker's rather than a stored voice. */
    public boolean presetSpeaker() {
        return PresetSpeaker.isPresetId(voiceId);
    }

    /** The sampling options asked for, or null for the model's defaults. */
    public NewGeneration.SamplingOptions samplingOptions() {
        return sampling == null ? null : JSON.readValue(sampling, NewGeneration.SamplingOptions.class);
    }

    /** Wall time from the runner taking the job to its end, or null while it runs. */
    public Duration generationTime() {
        return startedAt == null || finishedAt == null ? null : Duration.between(startedAt, finishedAt);
    }

    /** The key every file kept for this generation starts with: its chunks and its audio in each format. */
    String storageFolder() {
        return "generations/" + id;
    }

    String chunkKey(int index) {
        return storageFolder() + "/chunk-" + String.format("%04d", index) + ".wav";
    }

    String audioKey(String extension) {
        return storageFolder() + "/audio." + extension;
    }
}
