package app.utter.voices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.stereotype.Service;

import app.utter.storage.BlobStore;
import app.utter.tts.PromptRebuildRequiredException;
import app.utter.tts.TtsEngine;
import app.utter.tts.VoicePrompt;

/**
 * Each voice's clone prompt: made once by the TTS engine from the reference clip and transcript, kept with the
 * voice (tagged with its model), and made again when the engine says it belongs to another model.
 * Raw reference audio goes to the engine only here.
 */
@Service
public class VoicePrompts {

    private static final Logger log = LoggerFactory.getLogger(VoicePrompts.class);
    private static final long PROMPTS_KEPT_BYTES = 32L * 1024 * 1024; // about a thousand voices' prompts

    /** A prompt read or made here, with the tag it had in the database then. */
    private record Remembered(VoiceRepository.PromptTag tag, VoicePrompt prompt) {
    }

    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    // Read at every generation: kept here, a bucket is not asked twice (two requests) for each.
    private final Cache<String, Remembered> recent = Caffeine.newBuilder().maximumWeight(PROMPTS_KEPT_BYTES)
            .<String, Remembered>weigher((voiceId, kept) -> kept.prompt().bytes().length).build();
    private final VoiceLibrary library;
    private final BlobStore store;
    private final VoiceRepository repository;
    private final TtsEngine engine;

    VoicePrompts(VoiceLibrary library, BlobStore store, VoiceRepository repository, TtsEngine engine) {
        this.library = library;
        this.store = store;
        this.repository = repository;
        this.engine = engine;
    }

    /** The stored prompt, or a new one made and stored now if the voice has none yet. */
    public VoicePrompt forVoice(String voiceId) {
        synchronized (locks.computeIfAbsent(voiceId, id -> new Object())) { // one worker call however many ask at once
            return stored(voiceId).orElseGet(() -> rebuild(voiceId));
        }
    }

    /** A new voice gets its prompt in the background, so that its first generation need not wait for it. */
    @EventListener
    void prepare(VoiceCreated created) {
        Thread.ofVirtual().name("voice-prompt-" + created.voiceId()).start(() -> {
            try {
                forVoice(created.voiceId());
            } catch (RuntimeException e) {
                log.info("No clone prompt for voice {} yet ({}); it is made at its first generation",
                        created.voiceId(), e.getMessage());
            }
        });
    }

    /** Makes the prompt again from the reference clip, e.g. after {@link PromptRebuildRequiredException}. */
    public VoicePrompt rebuild(String voiceId) {
        Voice voice = library.find(voiceId);
        VoicePrompt prompt;
        try (InputStream reference = library.referenceAudio(voice).getInputStream()) {
            prompt = engine.createPrompt(reference.readAllBytes(), voice.transcript(), false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        save(voice, prompt);
        return prompt;
    }

    /** The stored prompt: from memory while the database says it is still the one made then, else from the store. */
    private Optional<VoicePrompt> stored(String voiceId) {
        Optional<VoiceRepository.PromptTag> tag = repository.promptTag(voiceId);
        if (tag.isEmpty()) {
            return Optional.empty();
        }
        Remembered hit = recent.getIfPresent(voiceId);
        if (hit != null && hit.tag().equals(tag.get())) {
            return Optional.of(hit.prompt());
        }
        Optional<Resource> blob = store.get(promptKey(library.find(voiceId)));
        if (blob.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = blob.get().getInputStream()) {
            VoicePrompt prompt = new VoicePrompt(in.readAllBytes(), tag.get().model(), tag.get().format());
            recent.put(voiceId, new Remembered(tag.get(), prompt));
            return Optional.of(prompt);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void save(Voice voice, VoicePrompt prompt) {
        try {
            Path file = Files.createTempFile("utter-prompt-", ".bin");
            try {
                Files.write(file, prompt.bytes());
                store.put(promptKey(voice), file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VoiceRepository.PromptTag tag = new VoiceRepository.PromptTag(prompt.model(), prompt.formatVersion(),
                Instant.now().truncatedTo(ChronoUnit.MICROS)); // as the database keeps it, so that it compares equal
        repository.savePromptTag(voice.id(), tag);
        recent.put(voice.id(), new Remembered(tag, prompt));
    }

    private static String promptKey(Voice voice) {
        return voice.storagePrefix() + "prompt.bin";
    }
}
