package app.utter.design;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import app.utter.accounts.Owner;
import app.utter.accounts.UsageLimits;
import app.utter.audio.PcmAudio;
import app.utter.storage.BlobStore;
import app.utter.tts.SynthesisRequest;
import app.utter.voices.Language;
import app.utter.voices.NewVoice;
import app.utter.voices.Voice;
import app.utter.voices.VoiceLibrary;
import app.utter.web.ApiProblem;
import app.utter.web.WellFormedText;

/**
 * Designing a voice: the worker's VoiceDesign model speaks a sample line in the voice a description asks for, once
 * per candidate (each seed another voice); the chosen candidate is saved as an ordinary voice, cloned from then on.
 * A design costs its line's characters once per candidate, as a generation would.
 */
@Service
class VoiceDesigns {

    static final int MAX_CANDIDATES = 3;
    static final int MIN_TEXT = 20; // shorter lines are spoken in under the 3 seconds a voice's clip needs
    static final int MAX_TEXT = 300;
    static final Duration MIN_CLIP = Duration.ofSeconds(3);
    static final Duration KEPT = Duration.ofDays(1);
    private static final long MAX_SEED = 4_294_967_295L;

    private final VoiceFamilies families;
    private final WholeSpeech speech;
    private final DesignRepository repository;
    private final BlobStore store;
    private final VoiceLibrary voices;
    private final UsageLimits limits;
    private final TransactionOperations transactions;

    VoiceDesigns(VoiceFamilies families, WholeSpeech speech, DesignRepository repository, BlobStore store,
            VoiceLibrary voices, UsageLimits limits, TransactionOperations transactions) {
        this.families = families;
        this.speech = speech;
        this.repository = repository;
        this.store = store;
        this.voices = voices;
        this.limits = limits;
        this.transactions = transactions;
    }

    /** Checks the request, counts its characters and makes its candidates; nothing is kept when one fails. */
    VoiceDesign design(Owner owner, NewDesign request) {
        VoiceFamilies.Abilities abilities = families.abilities();
        if (!abilities.designs()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "design-unavailable", "Voice design is off",
                    abilities.designNote());
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String description = checked(errors, "description", request.description(), 1,
                abilities.maxInstructionChars(), "Describe the voice in words: age, gender, accent, timbre, mood.");
        String text = checked(errors, "text", request.text(), MIN_TEXT, MAX_TEXT, "Write a line of at least "
                + MIN_TEXT + " characters for the voice to say (a sentence or two); it becomes the voice's transcript.");
        Language language = request.language() == null || request.language().isBlank() ? Language.AUTO
                : Language.parse(request.language()).orElseGet(() -> {
                    errors.put("language", Language.unsupported(request.language()));
                    return Language.AUTO;
                });
        int count = request.candidates() == null ? MAX_CANDIDATES : request.candidates();
        if (count < 1 || count > MAX_CANDIDATES) {
            errors.put("candidates", "Ask for 1 to " + MAX_CANDIDATES + " candidates.");
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidFields("invalid-design", errors);
        }
        transactions.executeWithoutResult(status -> {
            limits.holdAccount(owner);
            limits.spendCharacters(owner, text.length() * count);
        });
        forgetOld(owner);
        List<Long> seeds = ThreadLocalRandom.current().longs(count, 0, MAX_SEED + 1).boxed().toList();
        VoiceDesign design = new VoiceDesign(UUID.randomUUID().toString(), owner.id(), description, text, language,
                seeds, Instant.now().truncatedTo(ChronoUnit.MICROS));
        List<PcmAudio> candidates = speakAll(design);
        try {
            for (int i = 0; i < candidates.size(); i++) {
                store.put(design.candidateKey(i), candidates.get(i).toWav());
            }
            repository.insert(design);
        } catch (IOException | RuntimeException failure) {
            remove(design);
            throw failure instanceof RuntimeException runtime ? runtime
                    : new UncheckedIOException("Could not keep the candidates", (IOException) failure);
        }
        return design;
    }

    VoiceDesign get(Owner owner, String id) {
        return (WellFormedText.isClean(id) ? repository.findOwned(owner.id(), id) : java.util.Optional.<VoiceDesign>empty())
                .orElseThrow(() -> new ApiProblem(HttpStatus.NOT_FOUND, "design-not-found", "Design not found",
                        "There is no design '" + id + "'; unsaved designs are kept for a day. Design the voice again."));
    }

    Resource candidate(Owner owner, String id, int index) {
        VoiceDesign design = get(owner, id);
        requireCandidate(design, index);
        return store.get(design.candidateKey(index)).orElseThrow(() -> ApiProblem.notFound("Candidate", id));
    }

    /** The chosen candidate as a new voice of the owner's: its clip, the line as transcript, the description kept. */
    Voice save(Owner owner, String id, Integer index, String name) {
        VoiceDesign design = get(owner, id);
        if (index == null) {
            throw ApiProblem.invalidFields("invalid-design", Map.of("candidate", "Choose which candidate to keep "
                    + "(0 to " + (design.seeds().size() - 1) + ")."));
        }
        requireCandidate(design, index);
        byte[] clip;
        try (InputStream in = candidate(owner, id, index).getInputStream()) {
            clip = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read candidate " + index + " of design " + id, e);
        }
        NewVoice voice = new NewVoice(name, design.text(), design.language().label(), true,
                new NewVoice.UploadedAudio(new ByteArrayResource(clip), "designed-voice.wav", clip.length),
                Voice.TYPED, true, design.description());
        return voices.create(owner, voice, VoiceLibrary.CONSENT_DESIGNED);
    }

    private List<PcmAudio> speakAll(VoiceDesign design) {
        List<PcmAudio> spoken = new ArrayList<>();
        try (ExecutorService parallel = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<PcmAudio>> futures = design.seeds().stream().map(seed -> parallel.submit(() -> speech.speak(
                    SynthesisRequest.ofDescription(design.text(), design.language().label(), design.description(),
                            seed), "design-failed", "the voice"))).toList();
            for (Future<PcmAudio> future : futures) {
                spoken.add(future.get());
            }
        } catch (ExecutionException failed) {
            throw failed.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException(failed.getCause());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while designing a voice", interrupted);
        }
        PcmAudio shortest = spoken.stream().min(java.util.Comparator.comparing(PcmAudio::duration)).orElseThrow();
        if (shortest.duration().compareTo(MIN_CLIP) < 0) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "line-too-short", "The line is too short",
                    String.format("The line was spoken in %.1f seconds; a voice needs at least %d seconds of speech. "
                            + "Write a longer line (a sentence or two).", shortest.duration().toMillis() / 1000.0,
                            MIN_CLIP.toSeconds()));
        }
        return spoken;
    }

    private static void requireCandidate(VoiceDesign design, int index) {
        if (index < 0 || index >= design.seeds().size()) {
            throw ApiProblem.invalidFields("invalid-design", Map.of("candidate", "This design has candidates 0 to "
                    + (design.seeds().size() - 1) + "."));
        }
    }

    /** What is typed, without outer spaces; an error in {@code errors} when it is empty, too short or too long. */
    private static String checked(Map<String, String> errors, String field, String typed, int min, int max,
            String whenMissing) {
        String value = typed == null ? "" : typed.strip();
        if (value.length() < min) {
            errors.put(field, whenMissing);
        } else if (value.length() > max) {
            errors.put(field, "The " + field + " is " + value.length() + " characters long; use at most " + max + ".");
        } else {
            WellFormedText.flaw(field, value).ifPresent(flaw -> errors.put(field, flaw));
        }
        return value;
    }

    private void forgetOld(Owner owner) {
        repository.removeOlder(owner.id(), Instant.now().minus(KEPT)).forEach(this::remove);
    }

    private void remove(VoiceDesign design) {
        try {
            store.deleteAll(design.folder());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove design " + design.id(), e);
        }
    }
}
