package app.utter.openai;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import app.utter.accounts.Owner;
import app.utter.audio.PcmAudio;
import app.utter.audio.SpeechStitcher;
import app.utter.audio.Stitch;
import app.utter.generation.Generation;
import app.utter.generation.GenerationChanges;
import app.utter.generation.Generations;
import app.utter.generation.TextChunk;
import app.utter.generation.TextSplitter;
import app.utter.web.ApiProblem;

/**
 * A generation's audio while it is made: each chunk, as soon as it is stored, stitched exactly as the finished
 * audio will be, so that what streams out equals what the history keeps. Follows the database, so it works
 * whichever app instance runs the job.
 */
@Component
class GenerationAudio {

    private static final Duration POLL = Duration.ofMillis(200); // for jobs other app instances run

    /** Takes each newly final piece of the stitched audio, in speaking order. */
    interface Pieces {
        void accept(PcmAudio piece) throws IOException;
    }

    private final Generations generations;
    private final GenerationChanges changes;
    private final SpeechStitcher stitcher;

    GenerationAudio(Generations generations, GenerationChanges changes, SpeechStitcher stitcher) {
        this.generations = generations;
        this.changes = changes;
        this.stitcher = stitcher;
    }

    /** Waits until there is something to hear: the first chunk when streaming, else the end. 502 if it failed. */
    Generation awaitAudio(Owner owner, String id, boolean streaming) throws InterruptedException {
        while (true) {
            GenerationChanges.NextChange next = changes.next(id); // before reading: a later change wakes us
            Generation generation = generations.get(owner, id);
            if (generation.status().finished()) {
                changes.forget(id); // it changes no more: keep no wait for it
                if (generation.status() == Generation.Status.SUCCEEDED) {
                    return generation;
                }
                throw failed(generation);
            }
            if (streaming && generations.playableChunks(generation) > 0) {
                return generation;
            }
            next.await(POLL);
        }
    }

    /**
     * Hands over the stitched audio piece by piece as its chunks appear; false if the generation ended short. Once
     * the job has stitched the audio (and removed its chunks), the rest comes from the stitched audio: stitching is
     * the same either way, so what was sent so far is exactly its beginning.
     */
    boolean follow(Owner owner, Generation generation, Pieces pieces) throws IOException, InterruptedException {
        List<TextChunk> chunks = new TextSplitter().split(generation.text()); // the runner's split: same text, same chunks
        Stitch stitch = stitcher.start();
        int sent = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Optional<PcmAudio> chunk = awaitChunk(owner, generation.id(), i);
            if (chunk.isEmpty()) {
                Optional<PcmAudio> rest = generations.audioFrom(owner, generation.id(), sent);
                if (rest.isPresent()) {
                    pieces.accept(rest.get());
                }
                return rest.isPresent();
            }
            Duration pause = i == chunks.size() - 1 ? Duration.ZERO : chunks.get(i).pauseAfter();
            PcmAudio piece = stitch.append(chunk.get(), pause);
            sent += piece.samples().length;
            pieces.accept(piece);
        }
        return true;
    }

    private Optional<PcmAudio> awaitChunk(Owner owner, String id, int index) throws InterruptedException {
        while (true) {
            GenerationChanges.NextChange next = changes.next(id);
            Optional<PcmAudio> chunk = generations.chunkAsMade(owner, id, index);
            if (chunk.isPresent()) {
                return chunk;
            }
            if (generations.get(owner, id).status().finished()) {
                changes.forget(id); // it changes no more: keep no wait for it
                return generations.chunkAsMade(owner, id, index); // it may have been stored just before the end
            }
            next.await(POLL);
        }
    }

    /** Reads a stored WAV (a chunk, or the stitched audio). */
    static PcmAudio read(Resource chunk) throws IOException {
        try (InputStream in = chunk.getInputStream()) {
            return PcmAudio.readWav(in);
        }
    }

    private static ApiProblem failed(Generation generation) {
        String detail = generation.error() != null ? generation.error()
                : "The generation was " + generation.status().name().toLowerCase() + " before it finished.";
        return new ApiProblem(HttpStatus.BAD_GATEWAY, "speech-failed", "Speech failed", detail,
                Map.of("generation_id", generation.id()));
    }
}
