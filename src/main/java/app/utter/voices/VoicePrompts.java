package app.utter.voices;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

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

    private final Map<String, Object> locks = new ConcurrentHashMap<>();
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

    private Optional<VoicePrompt> stored(String voiceId) {
        Voice voice = library.find(voiceId);
        Optional<VoiceRepository.PromptTag> tag = repository.promptTag(voiceId);
        Optional<Resource> blob = store.get(promptKey(voice));
        if (tag.isEmpty() || blob.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = blob.get().getInputStream()) {
            return Optional.of(new VoicePrompt(in.readAllBytes(), tag.get().model(), tag.get().format()));
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
        repository.savePromptTag(voice.id(), new VoiceRepository.PromptTag(prompt.model(), prompt.formatVersion()),
                Instant.now());
    }

    private static String promptKey(Voice voice) {
        return voice.storagePrefix() + "prompt.bin";
    }
}
