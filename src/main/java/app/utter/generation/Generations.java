package app.utter.generation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import app.utter.accounts.Owner;
import app.utter.accounts.UsageLimits;
import app.utter.audio.AudioFormat;
import app.utter.audio.AudioQuality;
import app.utter.audio.PcmAudio;
import app.utter.audio.TempoFilter;
import app.utter.audio.SpeechEncoder;
import app.utter.dictionary.Pronunciations;
import app.utter.storage.BlobStore;
import app.utter.voices.Language;
import app.utter.web.ApiProblem;
import app.utter.web.Paging;
import tools.jackson.databind.json.JsonMapper;
import app.utter.web.WellFormedText;

/** Speech generations: submit a text for a voice, follow it, cancel it, find it in the history, delete it. */
@Service
public class Generations {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final double MIN_SPEED = 0.5; // of downloads, faster or slower at the same pitch
    static final double MAX_SPEED = 2.0;
    static final int MAX_SPOKEN = 50_000;

    private final GenerationRepository repository;
    private final GenerationVoices voices;
    private final Pronunciations pronunciations;
    private final TextSplitter splitter;
    private final BlobStore store;
    private final GenerationRunner runner;
    private final SpeechEncoder encoder;
    private final UsageLimits limits;
    private final TransactionOperations transactions;
    private final GenerationProperties properties;
    private final JobCapacity capacity;

    Generations(GenerationRepository repository, GenerationVoices voices, BlobStore store, GenerationRunner runner,
            SpeechEncoder encoder, UsageLimits limits, TransactionOperations transactions,
            GenerationProperties properties, Pronunciations pronunciations, JobCapacity capacity) {
        this.capacity = capacity;
        this.pronunciations = pronunciations;
        this.properties = properties;
        this.repository = repository;
        this.transactions = transactions;
        this.limits = limits;
        this.encoder = encoder;
        this.voices = voices;
        this.splitter = new TextSplitter();
        this.store = store;
        this.runner = runner;
    }

    /** Validates and queues a generation of {@code owner}'s; a runner picks it up within moments. */
    public Generation submit(Owner owner, NewGeneration request) {
        return submit(owner, request, null);
    }

    /**
     * As {@link #submit(Owner, NewGeneration)}, for a part of something larger ({@code partOf}, such as
     * {@code script:<id>}): kept out of the history and the count of jobs at once, as the caller paces its parts.
     */
    public Generation submitPart(Owner owner, NewGeneration request, String partOf) {
        return submit(owner, request, java.util.Objects.requireNonNull(partOf));
    }

    /** How many jobs this instance runs at once now: what a caller that paces many parts keeps queued. */
    public int jobsAtOnce() {
        return capacity.sizing().concurrentJobs();
    }

    /** The owner's generations among {@code ids}, by id; others and missing ones are left out. */
    public java.util.Map<String, Generation> find(Owner owner, java.util.Collection<String> ids) {
        java.util.Map<String, Generation> found = new java.util.HashMap<>();
        repository.findOwned(owner.id(), ids).forEach(generation -> found.put(generation.id(), generation));
        return found;
    }

    private Generation submit(Owner owner, NewGeneration request, String partOf) {
        if (request.voiceId() == null || request.voiceId().isBlank()) {
            throw ApiProblem.invalidFields("invalid-generation", java.util.Map.of("voice_id", "Choose a voice."));
        }
        GenerationVoices.Chosen voice = voices.choose(owner, request.voiceId());
        GenerationRules rules = new GenerationRules();
        String text = rules.text(request.text());
        Language language = rules.language(request.language(), voice.language());
        String instructions = rules.instructions(request.instructions(), voice.preset(),
                voice.preset() == null ? 0 : voices.maxInstructionChars());
        rules.seed(request.seed());
        rules.sampling(request.sampling());
        rules.throwIfInvalid();
        String spoken = pronunciations.respell(owner, language, text);
        if (spoken.length() > MAX_SPOKEN) { // the column's size; only a dictionary of very long aliases gets here
            throw ApiProblem.invalidFields("invalid-generation", java.util.Map.of("text", String.format("Your "
                    + "pronunciation dictionary makes this text %,d characters long; at most %,d can be spoken at "
                    + "once. Split the text.", spoken.length(), MAX_SPOKEN)));
        }
        Generation generation = new Generation(UUID.randomUUID().toString(), owner.id(), voice.id(), voice.name(), text,
                language.label(), request.seed(), request.sampling() == null ? null : JSON.writeValueAsString(request.sampling()),
                Generation.Status.QUEUED, splitter.split(spoken).size(), 0, 0, 0, null, false, null, null,
                Instant.now().truncatedTo(ChronoUnit.MICROS), null, null,
                request.selfCheck() == null ? properties.selfCheck() : request.selfCheck(), null, instructions,
                spoken.equals(text) ? null : spoken, partOf);
        transactions.executeWithoutResult(status -> {
            limits.holdAccount(owner); // two submissions at once must not both fit in the last free slot
            if (partOf == null) {
                limits.requireJobSlot(repository.countActive(owner.id()));
            }
            limits.spendCharacters(owner, text.length());
            repository.insert(generation);
            voices.countUse(voice);
        });
        if (TransactionSynchronizationManager.isSynchronizationActive()) { // part of a caller's transaction
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    runner.offer(generation.id());
                }
            });
        } else {
            runner.offer(generation.id()); // after the commit, so that the job is there to claim
        }
        return generation;
    }

    /** The owner's generation; another account's is "not found", exactly like one that never existed. */
    public Generation get(Owner owner, String id) {
        return (WellFormedText.isClean(id) ? repository.findOwned(owner.id(), id) : Optional.<Generation>empty())
                .orElseThrow(() -> ApiProblem.notFound("Generation", id));
    }

    public GenerationPage list(Owner owner, int page, int size) {
        return list(owner, HistoryFilter.ALL, page, size);
    }

    GenerationPage list(Owner owner, HistoryFilter filter, int page, int size) {
        return new GenerationPage(repository.findPage(owner.id(), filter, new Paging(page, size)), page, size,
                repository.count(owner.id(), filter));
    }

    /** Stops a queued or running generation; a finished one stays as it is (409). */
    public Generation cancel(Owner owner, String id) {
        Generation generation = get(owner, id);
        if (!repository.requestCancel(id, Instant.now())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "generation-finished", "Already finished",
                    "This generation already " + generation.status().name().toLowerCase() + "; there is nothing to cancel.");
        }
        return get(owner, id);
    }

    /**
     * A failed or cancelled generation asked for again in its place: the same voice, text, language, seed, sampling,
     * check and instructions. 409 for one that is running or succeeded, or whose voice was deleted.
     */
    public Generation retry(Owner owner, String id) {
        Generation old = get(owner, id);
        if (old.status() != Generation.Status.FAILED && old.status() != Generation.Status.CANCELLED) {
            throw new ApiProblem(HttpStatus.CONFLICT, "generation-not-retryable", "Nothing to retry",
                    "Only a failed or cancelled generation can be retried; this one is "
                            + old.status().name().toLowerCase() + ".");
        }
        if (!voices.stillThere(owner, old.voiceId())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "voice-deleted", "Voice deleted", "The voice of this "
                    + "generation was deleted; choose another voice for its text on the generate page.");
        }
        Generation again = submit(owner, new NewGeneration(old.voiceId(), old.text(), old.language(), old.seed(),
                old.samplingOptions(), old.selfCheck(), old.instructions()));
        delete(owner, id);
        return again;
    }

    /** Where each part ends in a finished generation's audio, in seconds; null before it succeeded. */
    List<Double> partEnds(Generation generation) {
        if (generation.status() != Generation.Status.SUCCEEDED || generation.duration() == null) {
            return null;
        }
        double seconds = generation.duration().toMillis() / 1000.0;
        return repository.chunkEnds(generation.id()).filter(ends -> ends.length > 0)
                .map(ends -> java.util.Arrays.stream(ends)
                        .mapToObj(end -> Math.round(seconds * end / ends[ends.length - 1] * 1000) / 1000.0).toList())
                .orElse(null);
    }

    /** Deletes the generation and its audio; a running one is cancelled first. */
    public void delete(Owner owner, String id) {
        Generation generation = get(owner, id);
        repository.requestCancel(id, Instant.now());
        if (!repository.delete(id)) {
            throw ApiProblem.notFound("Generation", id);
        }
        try {
            store.deleteAll(generation.storageFolder()); // a runner still at work removes what it stores after this
        } catch (IOException e) {
            throw new IllegalStateException("Could not delete the audio of generation " + id, e);
        }
    }

    /** The finished audio in {@code format}: WAV as stitched, other formats encoded on first request and kept. */
    public Resource audio(Owner owner, String id, AudioFormat format) {
        return audio(owner, id, format, 1.0, AudioQuality.STANDARD);
    }

    /**
     * The finished audio in {@code format} and {@code quality}, faster or slower at the same pitch unless
     * {@code speed} is 1; each variant encoded once and kept.
     */
    public Resource audio(Owner owner, String id, AudioFormat format, double speed, AudioQuality quality) {
        Generation generation = get(owner, id);
        if (generation.status() != Generation.Status.SUCCEEDED) {
            throw new ApiProblem(HttpStatus.CONFLICT, "audio-not-ready", "Audio not ready",
                    "The generation is " + generation.status().name().toLowerCase() + "; its audio exists once it succeeded.");
        }
        String variant = (speed == 1.0 ? "" : String.format(java.util.Locale.ROOT, "x%.2f.", speed))
                + (quality == AudioQuality.STANDARD ? "" : quality.name().toLowerCase(java.util.Locale.ROOT) + ".");
        String key = generation.audioKey(variant + format.extension());
        return store.get(key).orElseGet(() -> encode(generation, format, speed, quality, key));
    }

    private Resource encode(Generation generation, AudioFormat format, double speed, AudioQuality quality,
            String key) {
        Resource wav = store.get(generation.audioKey("wav"))
                .orElseThrow(() -> ApiProblem.notFound("Audio of generation", generation.id()));
        try {
            Path encoded = Files.createTempFile("utter-encoded-", "." + format.extension());
            try (InputStream in = wav.getInputStream()) {
                PcmAudio audio = PcmAudio.readWav(in);
                encoder.encode(speed == 1.0 ? audio : TempoFilter.change(audio, speed), format, quality, encoded);
                store.put(key, encoded);
            } finally {
                Files.deleteIfExists(encoded);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not encode generation " + generation.id() + " as " + format, e);
        }
        return store.get(key).orElseThrow();
    }

    /**
     * Chunk {@code index} as soon as it is synthesized, so playback can start before the whole text is done; once
     * the generation succeeded, its part of the stitched audio (the chunk files are gone by then).
     */
    public Optional<Resource> chunk(Owner owner, String id, int index) {
        Generation generation = get(owner, id);
        if (index < 0 || index >= generation.chunksTotal()) {
            throw new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "No such chunk",
                    "This generation has chunks 0 to " + (generation.chunksTotal() - 1) + ".");
        }
        return bytesOf(generation.chunkKey(index)).<Resource>map(ByteArrayResource::new)
                .or(() -> repository.chunkEnds(id).filter(ends -> index < ends.length)
                        .flatMap(ends -> stitched(generation, index == 0 ? 0 : ends[index - 1], ends[index]))
                        .map(part -> new ByteArrayResource(part.toWav())));
    }

    /** The chunk as the job stored it, before stitching; empty before it is made and once the job succeeded. */
    public Optional<PcmAudio> chunkAsMade(Owner owner, String id, int index) {
        return bytesOf(get(owner, id).chunkKey(index)).map(wav -> {
            try {
                return PcmAudio.readWav(new java.io.ByteArrayInputStream(wav));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A chunk's bytes, read at once: the job removes its chunks once it has stitched them. */
    private Optional<byte[]> bytesOf(String key) {
        try {
            Optional<Resource> file = store.get(key);
            return file.isPresent() ? Optional.of(file.get().getContentAsByteArray()) : Optional.empty();
        } catch (IOException removedMeanwhile) {
            return Optional.empty();
        }
    }

    /** The finished audio from sample {@code from} on; empty before the generation succeeded. */
    public Optional<PcmAudio> audioFrom(Owner owner, String id, int from) {
        return stitched(get(owner, id), from, Integer.MAX_VALUE);
    }

    private Optional<PcmAudio> stitched(Generation generation, int from, int to) {
        Optional<Resource> wav = store.get(generation.audioKey("wav"));
        if (wav.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = wav.get().getInputStream()) {
            return Optional.of(PcmAudio.readWavRange(in, from, to));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the audio of generation " + generation.id(), e);
        }
    }

    /** How many chunks from the first are ready to play in order. */
    public int playableChunks(Generation generation) {
        return generation.status() == Generation.Status.SUCCEEDED ? generation.chunksTotal() : generation.chunksReady();
    }

    /** One page of history, newest first. */
    public record GenerationPage(List<Generation> items, int page, int size, long total) {
    }
}
