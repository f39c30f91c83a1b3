package app.utter.generation;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import app.utter.audio.PcmAudio;
import app.utter.design.PresetSpeaker;
import app.utter.listening.Listening;
import app.utter.audio.SpeechStitcher;
import app.utter.audio.Stitch;
import app.utter.storage.BlobStore;
import app.utter.tts.PromptRebuildRequiredException;
import app.utter.tts.SynthesisRequest;
import app.utter.tts.SynthesisResult;
import app.utter.tts.TtsEngine;
import app.utter.tts.TtsException;
import app.utter.tts.Transcript;
import app.utter.tts.VoicePrompt;
import app.utter.voices.VoicePrompts;

/**
 * One run of one generation: synthesizes the chunks not yet stored (a few in parallel), renews the lease while
 * it works, stops when cancelled, then stitches the chunks into the generation's audio.
 */
final class GenerationJob implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(GenerationJob.class);
    private static final int NOT_MADE = -1; // a chunk left alone because the job is stopping
    private static final Duration CANCEL_CHECK = Duration.ofMillis(250);
    private static final int CHUNKS_KEPT_IN_MEMORY = 4; // longer jobs read chunks back, so memory stays flat

    /** Builds jobs with everything they need; the runner only knows ids. */
    @Component
    static class Factory {
        private final GenerationRepository repository;
        private final VoicePrompts prompts;
        private final TtsEngine engine;
        private final BlobStore store;
        private final SpeechStitcher stitcher;
        private final GenerationProperties properties;
        private final JobCapacity capacity;
        private final Listening listening;
        private final GenerationMetrics metrics;

        Factory(GenerationRepository repository, VoicePrompts prompts, TtsEngine engine, BlobStore store,
                SpeechStitcher stitcher, GenerationProperties properties, JobCapacity capacity, Listening listening,
                GenerationMetrics metrics) {
            this.listening = listening;
            this.metrics = metrics;
            this.repository = repository;
            this.prompts = prompts;
            this.engine = engine;
            this.store = store;
            this.stitcher = stitcher;
            this.properties = properties;
            this.capacity = capacity;
        }

        GenerationJob create(String id, String runnerId) {
            return new GenerationJob(this, id, runnerId);
        }

        /** A worker is being installed or started: taking jobs now would only fail them. */
        boolean speechPreparing() {
            return engine.preparing();
        }
    }

    /** Why a job stops before its end: cancelled by a person, or taken over by another runner. */
    private static final class Stopped extends Exception {
        private final boolean cancelled;

        Stopped(boolean cancelled) {
            super(null, null, false, false);
            this.cancelled = cancelled;
        }
    }

    private final Factory f;
    private final String id;
    private final String runnerId;
    private final AtomicLong workerNanos = new AtomicLong();
    private final AtomicReference<VoicePrompt> prompt = new AtomicReference<>();
    private final Map<Integer, PcmAudio> made = new ConcurrentHashMap<>(); // a short job's chunks: no re-read to stitch
    private volatile boolean stopping;
    private SelfCheck check;
    private Instant leaseRenewedAt = Instant.now();

    private GenerationJob(Factory factory, String id, String runnerId) {
        this.f = factory;
        this.id = id;
        this.runnerId = runnerId;
    }

    @Override
    public void run() {
        Generation generation = f.repository.findById(id).orElse(null);
        if (generation == null) {
            return;
        }
        boolean succeeded = false;
        try {
            List<TextChunk> chunks = new TextSplitter().split(generation.textToSpeak());
            if (!generation.presetSpeaker()) { // a preset speaker is the worker's own: no prompt
                prompt.set(f.prompts.forVoice(generation.voiceId()));
            }
            check = SelfCheck.of(generation, f.listening, wav -> hear(generation, wav));
            synthesizeMissingChunks(generation, chunks);
            int[] chunkEnds = new int[chunks.size()];
            PcmAudio audio = stitch(generation, chunks, chunkEnds);
            f.store.put(generation.audioKey("wav"), audio.toWav());
            succeeded = f.repository.succeed(id, runnerId, chunks.size(), audio.duration(),
                    Duration.ofNanos(workerNanos.get()), chunkEnds, check.report(), Instant.now());
            if (!succeeded && f.repository.cancelRequested(id)) {
                throw new Stopped(true); // cancelled while the last chunk was spoken
            }
            removeChunks(generation); // the stitched audio holds them now: parts are served from it
        } catch (Stopped stopped) {
            if (stopped.cancelled) {
                f.repository.finish(id, runnerId, Generation.Status.CANCELLED, null, Instant.now());
            }
        } catch (RuntimeException | IOException failure) {
            fail(generation, failure);
        } finally {
            if (!succeeded) {
                removeFilesIfDeleted(generation);
            }
        }
    }

    /**
     * Deleting a generation removes its row, then its files, while chunks already asked of the worker may still
     * arrive. This job's last file is stored by now: if the row is gone, what it stored after the deletion goes too.
     */
    private void removeFilesIfDeleted(Generation generation) {
        try {
            if (f.repository.findById(id).isEmpty()) {
                f.store.deleteAll(generation.storageFolder());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not remove the files of deleted generation {}", id, e);
        }
    }

    private void removeChunks(Generation generation) {
        if (generation.chunksTotal() == 1) {
            return; // its one part was stored only as the whole
        }
        try {
            for (int i = 0; i < generation.chunksTotal(); i++) {
                f.store.delete(generation.chunkKey(i));
            }
        } catch (IOException e) {
            log.warn("Could not remove the chunk files of generation {}", id, e);
        }
    }

    private void synthesizeMissingChunks(Generation generation, List<TextChunk> chunks) throws Stopped, IOException {
        try (ExecutorService threads = Executors.newFixedThreadPool(f.capacity.sizing().parallelChunks(),
                Thread.ofVirtual().name("generation-" + id + "-", 0).factory())) {
            CompletionService<Integer> done = new ExecutorCompletionService<>(threads);
            int pending = 0;
            int finished = 0;
            BitSet stored = new BitSet(chunks.size());
            boolean resuming = generation.attempts() > 1; // a first run has nothing stored: no need to ask the store
            for (int i = 0; i < chunks.size(); i++) {
                if (resuming && f.store.get(generation.chunkKey(i)).isPresent()) {
                    stored.set(i);
                    finished++; // made by an earlier run of this job: resume, don't repeat
                } else {
                    int index = i;
                    done.submit(() -> synthesizeChunk(generation, index, chunks.get(index)));
                    pending++;
                }
            }
            if (pending == 0) {
                renewLease(finished, stored.nextClearBit(0)); // everything was made before: record it
            }
            while (pending > 0) {
                Future<Integer> next = done.poll(CANCEL_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                if (next != null) {
                    int index = next.get();
                    if (index != NOT_MADE) {
                        stored.set(index);
                    }
                    pending--;
                    finished++;
                    if (pending > 0) { // the last chunk's progress is recorded with the result
                        renewLease(finished, stored.nextClearBit(0)); // per chunk; a cancel request stops it here
                    }
                } else if (leaseRenewedAt.plus(f.properties.lease().dividedBy(3)).isBefore(Instant.now())) {
                    renewLease(finished, stored.nextClearBit(0));
                } else {
                    stopIfCancelled();
                }
            }
        } catch (ExecutionException e) {
            stopping = true;
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Stopped(false);
        }
    }

    /**
     * Extends the lease and records progress ({@code ready}: chunks from the first on stored); stops the job when
     * cancelled or taken over by another runner.
     */
    private void renewLease(int finished, int ready) throws Stopped {
        leaseRenewedAt = Instant.now();
        if (!f.repository.heartbeat(id, runnerId, finished, ready, leaseRenewedAt.plus(f.properties.lease()))) {
            stopping = true;
            throw new Stopped(f.repository.cancelRequested(id));
        }
    }

    private void stopIfCancelled() throws Stopped {
        if (f.repository.cancelRequested(id)) {
            stopping = true;
            throw new Stopped(true);
        }
    }

    private int synthesizeChunk(Generation generation, int index, TextChunk chunk) throws IOException,
            InterruptedException {
        if (stopping) {
            return NOT_MADE;
        }
        long started = System.nanoTime();
        PcmAudio audio = check.speak(index, chunk.text(), generation.seed(),
                seed -> speakOnce(generation, index, chunk, seed));
        if (generation.chunksTotal() > 1) { // a text of one part is stored once, as its whole, right after this
            f.store.put(generation.chunkKey(index), audio.toWav());
        }
        f.metrics.partMade(Duration.ofNanos(System.nanoTime() - started));
        if (index == 0 && generation.attempts() <= 1) {
            f.metrics.firstAudio(Duration.between(generation.createdAt(), Instant.now()));
        }
        if (generation.chunksTotal() <= CHUNKS_KEPT_IN_MEMORY) {
            made.put(index, audio);
        }
        return index;
    }

    private PcmAudio speakOnce(Generation generation, int index, TextChunk chunk, Long seed)
            throws InterruptedException {
        SynthesisRequest request = generation.presetSpeaker()
                ? SynthesisRequest.ofSpeaker(chunk.text(), generation.language(), PresetSpeaker.nameOf(
                        generation.voiceId()), generation.instructions(), sampling(generation), seed, index)
                : new SynthesisRequest(List.of(chunk.text()), generation.language(), prompt.get(), sampling(generation),
                        seed, null, index);
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        f.capacity.acquireRequest(index == 0);
        try {
            SynthesisResult result = speak(request, pcm, generation.voiceId());
            return PcmAudio.ofLittleEndian(result.start().sampleRate(), pcm.toByteArray());
        } finally {
            f.capacity.releaseRequest();
        }
    }

    /** What the worker hears in a chunk, in the generation's language; it counts as one worker request. */
    private Transcript hear(Generation generation, byte[] wav) throws InterruptedException {
        f.capacity.acquireRequest(false);
        try {
            return f.listening.transcribe(wav, generation.language(), false);
        } finally {
            f.capacity.releaseRequest();
        }
    }

    /** One worker request, with the worker's own time on it counted (the app's when the worker does not say). */
    private SynthesisResult speak(SynthesisRequest request, ByteArrayOutputStream pcm, String voiceId) {
        long started = System.nanoTime();
        SynthesisResult result = null;
        try {
            try {
                result = f.engine.synthesize(request, (item, bytes) -> pcm.writeBytes(bytes));
            } catch (PromptRebuildRequiredException stale) {
                pcm.reset();
                VoicePrompt fresh = rebuildPrompt(request.prompt(), voiceId);
                result = f.engine.synthesize(request.withPrompt(fresh), (item, bytes) -> pcm.writeBytes(bytes));
            }
            return result;
        } catch (TtsException failure) {
            f.metrics.workerFailed(failure);
            throw failure;
        } finally {
            f.metrics.workerAnswered(Duration.ofNanos(System.nanoTime() - started));
            workerNanos.addAndGet(result != null && result.workerTime() != null ? result.workerTime().toNanos()
                    : System.nanoTime() - started);
        }
    }

    /** One rebuild per job however many chunks find the prompt stale at once. */
    private synchronized VoicePrompt rebuildPrompt(VoicePrompt stale, String voiceId) {
        if (prompt.get() == stale) {
            prompt.set(f.prompts.rebuild(voiceId));
        }
        return prompt.get();
    }

    /** The whole clip; {@code ends} receives where each chunk's part of it ends, in samples. */
    private PcmAudio stitch(Generation generation, List<TextChunk> chunks, int[] ends) throws IOException {
        Stitch stitch = f.stitcher.start();
        int end = 0;
        for (int i = 0; i < chunks.size(); i++) {
            end += stitch.append(chunk(generation, i), i == chunks.size() - 1 ? Duration.ZERO
                    : chunks.get(i).pauseAfter()).samples().length;
            ends[i] = end;
        }
        return stitch.finish();
    }

    private PcmAudio chunk(Generation generation, int index) throws IOException {
        PcmAudio audio = made.get(index);
        if (audio != null) {
            return audio;
        }
        try (InputStream in = f.store.get(generation.chunkKey(index)).orElseThrow().getInputStream()) {
            return PcmAudio.readWav(in); // made by an earlier run
        }
    }

    private void fail(Generation generation, Exception failure) {
        Instant now = Instant.now();
        JobFailure reason = JobFailure.of(failure);
        int attempt = generation.attempts(); // counted when this run claimed the job
        if (reason.passing() && attempt < f.properties.maxAttempts()) {
            Duration delay = f.properties.retryDelay().multipliedBy(1L << (attempt - 1));
            log.info("Generation {} failed on attempt {} [reference {}]: {}; trying again in {}", id, attempt,
                    reason.reference(), failure.toString(), delay);
            f.repository.requeue(id, runnerId, reason.retrying(delay), now.plus(delay));
            return;
        }
        log.warn("Generation {} failed [reference {}]", id, reason.reference(), failure);
        f.repository.finish(id, runnerId, Generation.Status.FAILED, reason.gaveUp(attempt), now);
    }

    private static app.utter.tts.SynthesisRequest.Sampling sampling(Generation generation) {
        NewGeneration.SamplingOptions o = generation.samplingOptions();
        if (o == null) {
            return SynthesisRequest.Sampling.DEFAULTS;
        }
        return new SynthesisRequest.Sampling(null, o.temperature(), o.topK(), o.topP(), o.repetitionPenalty(),
                null, null, null, null);
    }

}
