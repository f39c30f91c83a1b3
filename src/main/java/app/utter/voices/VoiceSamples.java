package app.utter.voices;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import app.utter.accounts.Owner;
import app.utter.audio.PcmAudio;
import app.utter.storage.BlobStore;
import app.utter.tts.PromptRebuildRequiredException;
import app.utter.tts.SynthesisRequest;
import app.utter.tts.SynthesisResult;
import app.utter.tts.TtsEngine;
import app.utter.tts.TtsException;
import app.utter.tts.TtsNotConfiguredException;
import app.utter.web.ApiProblem;

/** A short line spoken in each voice, beside its reference clip: made on first request, then kept with the voice. */
@Service
class VoiceSamples {

    private static final long SEED = 7; // the same sample each time it has to be made again
    private static final Logger log = LoggerFactory.getLogger(VoiceSamples.class);

    private final VoiceLibrary library;
    private final VoicePrompts prompts;
    private final TtsEngine engine;
    private final BlobStore store;

    VoiceSamples(VoiceLibrary library, VoicePrompts prompts, TtsEngine engine, BlobStore store) {
        this.library = library;
        this.prompts = prompts;
        this.engine = engine;
        this.store = store;
    }

    /** The voice's sample (WAV), made now when it has none; 503 when the speech worker cannot make it now. */
    Resource sample(Owner owner, String id) {
        Voice voice = library.get(owner, id);
        String key = "voices/" + voice.id() + "/sample.wav";
        return store.get(key).orElseGet(() -> {
            try {
                store.put(key, speak(voice).toWav());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Could not keep the sample of voice " + voice.id(), e);
            }
            return store.get(key).orElseThrow();
        });
    }

    private PcmAudio speak(Voice voice) {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        try {
            SynthesisRequest request = new SynthesisRequest(List.of(voice.language().sampleLine()),
                    voice.language().label(), prompts.forVoice(voice.id()), SynthesisRequest.Sampling.DEFAULTS, SEED,
                    null);
            SynthesisResult result;
            try {
                result = engine.synthesize(request, (item, bytes) -> pcm.writeBytes(bytes));
            } catch (PromptRebuildRequiredException stale) {
                pcm.reset();
                result = engine.synthesize(request.withPrompt(prompts.rebuild(voice.id())),
                        (item, bytes) -> pcm.writeBytes(bytes));
            }
            return PcmAudio.ofLittleEndian(result.start().sampleRate(), pcm.toByteArray());
        } catch (TtsNotConfiguredException notYet) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "sample-unavailable", "No sample now",
                    "Speech is not set up on this Utter yet, so there is no sample; an admin can set it up on the "
                            + "Speech page.");
        } catch (TtsException failure) {
            log.warn("No sample for voice {}: {}", voice.id(), failure.getMessage());
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, "sample-unavailable", "No sample now",
                    "The speech worker could not speak a sample of this voice now; try again in a minute.");
        }
    }
}
