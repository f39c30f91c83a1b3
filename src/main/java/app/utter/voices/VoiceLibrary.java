package app.utter.voices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;
import org.springframework.util.FileSystemUtils;

import app.utter.accounts.Owner;
import app.utter.accounts.UsageLimits;
import app.utter.audio.ImportedClip;
import app.utter.audio.ReferenceAudioImporter;
import app.utter.audio.UnusableAudioException;
import io.micrometer.core.instrument.MeterRegistry;
import app.utter.storage.BlobStore;
import app.utter.tts.Transcript;
import app.utter.web.ApiProblem;
import app.utter.web.Paging;
import app.utter.web.Search;
import app.utter.web.WellFormedText;

/** The voice library: create, find, edit and delete voices together with their reference audio. */
@Service
public class VoiceLibrary {

    /** How consent was given: ticking the statement in a form or API call, or implied by the original API. */
    public static final String CONSENT_EXPLICIT = "explicit";
    public static final String CONSENT_LEGACY_API = "legacy-api";
    public static final String CONSENT_DESIGNED = "designed"; // made up from words: nobody's voice to consent for

    private static final Logger log = LoggerFactory.getLogger(VoiceLibrary.class);

    private final VoiceRepository repository;
    private final ReferenceAudioImporter importer;
    private final BlobStore store;
    private final Path workRoot;
    private final MeterRegistry refusals;
    private final ApplicationEventPublisher events;
    private final UsageLimits limits;
    private final TransactionOperations transactions;
    private final ClipTranscripts transcripts;

    VoiceLibrary(VoiceRepository repository, ReferenceAudioImporter importer, BlobStore store,
            ApplicationEventPublisher events, UsageLimits limits, TransactionOperations transactions,
            ClipTranscripts transcripts, @Value("${utter.data-dir}") Path dataDir, MeterRegistry metrics)
            throws IOException {
        this.refusals = metrics;
        this.transcripts = transcripts;
        this.events = events;
        this.limits = limits;
        this.transactions = transactions;
        this.repository = repository;
        this.importer = importer;
        this.store = store;
        this.workRoot = Files.createDirectories(dataDir.resolve("tmp"));
    }

    /**
     * Validates, decodes, normalizes and stores a new voice of {@code owner}, its transcript typed and checked, or
     * heard in the clip; on any failure nothing of it remains.
     */
    public Voice create(Owner owner, NewVoice request, String consentSource) {
        try {
            return createChecked(owner, request, consentSource);
        } catch (ApiProblem refused) { // for operators: why uploads are turned away
            refusals.counter("utter.uploads.refused", "reason", refused.type()).increment();
            throw refused;
        }
    }

    private Voice createChecked(Owner owner, NewVoice request, String consentSource) {
        VoiceRules rules = new VoiceRules();
        boolean listens = transcripts.canListen();
        String name = rules.name(request.name());
        String transcript = rules.transcript(request.transcript(), listens);
        Language language = rules.language(request.language(), listens);
        String transcriptSource = rules.transcriptSource(request.transcriptSource());
        if (CONSENT_EXPLICIT.equals(consentSource)) {
            rules.consent(request.consent());
        }
        rules.audioPresent(request.audio());
        rules.throwIfInvalid();
        requireUnusedName(owner, name, null);
        limits.requireRoomForVoice(repository.count(owner.id(), Search.ANY)); // before the costly import

        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        String id = UUID.randomUUID().toString();
        Path work = null;
        try {
            work = Files.createTempDirectory(workRoot, "voice-");
            Path upload = work.resolve("upload");
            String sha256 = copyHashing(request.audio(), upload);
            ImportedClip clip = importClip(upload, work.resolve("reference.wav"));
            VoiceRules.requireLongEnough(clip.duration());
            ClipTranscripts.Settled settled = transcripts.settle(Files.readAllBytes(work.resolve("reference.wav")),
                    transcript, language, transcriptSource, request.confirmMismatch());
            Voice voice = new Voice(id, owner.id(), name, settled.transcript(), settled.source(), settled.language(),
                    new Voice.Consent(VoiceRules.CONSENT_STATEMENT, consentSource, now, owner.username()), clip.duration(),
                    new Voice.ReferenceSource(clip.container(), clip.codec(), clip.sourceDuration(),
                            filename(request.audio().filename()), Files.size(upload)),
                    sha256, now, now, false, 0, request.description());
            store.put(voice.originalAudioKey(), upload);
            store.put(voice.referenceAudioKey(), work.resolve("reference.wav"));
            transactions.executeWithoutResult(status -> {
                limits.holdAccount(owner); // two uploads at once must not both take the last place
                limits.requireRoomForVoice(repository.count(owner.id(), Search.ANY));
                repository.insert(voice);
            });
            events.publishEvent(new VoiceCreated(id));
            return voice;
        } catch (IOException | RuntimeException failure) {
            removeStoredAudio(id);
            if (failure instanceof ApiProblem problem) {
                throw problem;
            }
            throw new IllegalStateException("Could not store the voice", failure);
        } finally {
            if (work != null) {
                FileSystemUtils.deleteRecursively(work.toFile());
            }
        }
    }

    /** The owner's voice; another account's voice is "not found", exactly like one that never existed. */
    public Voice get(Owner owner, String id) {
        return find(owner, id).orElseThrow(() -> ApiProblem.notFound("Voice", id));
    }

    /** The owner's voice, if it exists. */
    public Optional<Voice> find(Owner owner, String id) {
        return WellFormedText.isClean(id) ? repository.findOwned(owner.id(), id) : Optional.empty();
    }

    /** Any account's voice, for work running on its owner's behalf (clone prompts, queued jobs). */
    Voice find(String id) {
        return repository.findById(id).orElseThrow(() -> ApiProblem.notFound("Voice", id));
    }

    /** One page of the owner's voices, newest first, optionally only those whose name contains {@code nameFilter}. */
    public VoicePage list(Owner owner, String nameFilter, int page, int size) {
        return list(owner, nameFilter, VoiceOrder.NEWEST, page, size);
    }

    /** As {@link #list(Owner, String, int, int)}, favourites first and then in {@code order}. */
    public VoicePage list(Owner owner, String nameFilter, VoiceOrder order, int page, int size) {
        Search search = new Search(nameFilter);
        Paging paging = new Paging(page, size);
        List<Voice> voices = repository.findPage(owner.id(), search, order, paging);
        return new VoicePage(voices, page, size, repository.count(owner.id(), search));
    }

    public Voice update(Owner owner, String id, VoiceChanges changes) {
        Voice current = get(owner, id);
        VoiceRules rules = new VoiceRules();
        String name = changes.name() == null ? current.name() : rules.name(changes.name());
        String transcript = changes.transcript() == null ? current.transcript() : rules.transcript(changes.transcript());
        Language language = changes.language() == null ? current.language() : rules.language(changes.language());
        rules.throwIfInvalid();
        requireUnusedName(owner, name, id);
        String source = transcript.equals(current.transcript()) ? current.transcriptSource() : Voice.TYPED;
        if (changes.favourite() != null) {
            repository.markFavourite(owner.id(), id, changes.favourite());
            current = get(owner, id);
        }
        return save(current, name, transcript, source, language);
    }

    /** Counts a generation made with the voice, for sorting by use. */
    public void countUse(String id) {
        repository.countUse(id);
    }

    /** 409 when another of the owner's voices has this name (case aside): two would look the same everywhere. */
    private void requireUnusedName(Owner owner, String name, String except) {
        repository.findNamed(owner.id(), name).filter(other -> !other.id().equals(except)).ifPresent(other -> {
            throw new ApiProblem(HttpStatus.CONFLICT, "voice-name-taken", "Name already used",
                    "You already have a voice named \u201c" + other.name() + "\u201d; choose another name, or use "
                            + "that voice.", java.util.Map.of("existing_voice_id", other.id()));
        });
    }

    /** Replaces the voice's transcript and language with what the speech worker hears in its clip. */
    public Voice transcribe(Owner owner, String id) {
        Voice current = get(owner, id);
        Transcript heard;
        try (InputStream in = referenceAudio(current).getInputStream()) {
            heard = transcripts.hear(in.readAllBytes(), null);
        } catch (IOException e) {
            throw new IllegalStateException("Could not read the reference clip of voice " + id, e);
        }
        return save(current, current.name(), heard.text(), Voice.HEARD,
                Language.parse(heard.language()).orElse(current.language()));
    }

    private Voice save(Voice current, String name, String transcript, String source, Language language) {
        Voice updated = new Voice(current.id(), current.ownerId(), name, transcript, source, language,
                current.consent(), current.duration(), current.source(), current.contentSha256(), current.createdAt(),
                Instant.now().truncatedTo(ChronoUnit.MICROS), current.favourite(), current.uses(), current.description());
        if (!repository.update(updated)) {
            throw ApiProblem.notFound("Voice", current.id());
        }
        return updated;
    }

    /** Deletes the voice and its audio files. */
    public void delete(Owner owner, String id) {
        if (!repository.delete(owner.id(), id)) {
            throw ApiProblem.notFound("Voice", id);
        }
        removeStoredAudio(id);
    }

    /** The normalized 24 kHz mono WAV that the voice was cloned from. */
    public Resource referenceAudio(Owner owner, String id) {
        return referenceAudio(get(owner, id));
    }

    Resource referenceAudio(Voice voice) {
        String id = voice.id();
        return store.get(voice.referenceAudioKey())
                .orElseThrow(() -> ApiProblem.notFound("Reference audio of voice", id));
    }

    /** The file exactly as it was uploaded. */
    public Resource originalAudio(Owner owner, String id) {
        Voice voice = get(owner, id);
        return store.get(voice.originalAudioKey())
                .orElseThrow(() -> ApiProblem.notFound("Original upload of voice", id));
    }

    /** A clip as a voice keeps it (24 kHz mono WAV, silence trimmed), to hear what is said before a voice is made. */
    byte[] normalizedClip(InputStream upload) {
        Path work = null;
        try {
            work = Files.createTempDirectory(workRoot, "clip-");
            Files.copy(upload, work.resolve("upload"));
            importClip(work.resolve("upload"), work.resolve("clip.wav"));
            return Files.readAllBytes(work.resolve("clip.wav"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read an uploaded clip", e);
        } finally {
            if (work != null) {
                FileSystemUtils.deleteRecursively(work.toFile());
            }
        }
    }

    private ImportedClip importClip(Path upload, Path referenceWav) throws IOException {
        try {
            return importer.importClip(upload, referenceWav, VoiceRules.MAX_CLIP);
        } catch (UnusableAudioException unusable) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, unusable.problemType(), "Audio not usable",
                    unusable.getMessage());
        }
    }

    private static String copyHashing(NewVoice.UploadedAudio audio, Path target) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
        try (InputStream in = new DigestInputStream(audio.content().getInputStream(), sha256)) {
            Files.copy(in, target);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static String filename(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        return base.length() > 255 ? base.substring(base.length() - 255) : base;
    }

    private void removeStoredAudio(String id) {
        try {
            store.deleteAll("voices/" + id);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not remove the audio files of voice {}", id, e);
        }
    }
}
