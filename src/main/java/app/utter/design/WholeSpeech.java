package app.utter.design;

import java.io.ByteArrayOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import app.utter.audio.PcmAudio;
import app.utter.tts.SynthesisRequest;
import app.utter.tts.SynthesisResult;
import app.utter.tts.TtsEngine;
import app.utter.tts.TtsException;
import app.utter.tts.TtsNotConfiguredException;
import app.utter.tts.TtsRejectedException;
import app.utter.web.ApiProblem;
import app.utter.web.LogReference;

/** One short text spoken whole, for a sample or a design candidate; what goes wrong is said in a sentence. */
@Component
class WholeSpeech {

    private static final Logger log = LoggerFactory.getLogger(WholeSpeech.class);

    private final TtsEngine engine;

    WholeSpeech(TtsEngine engine) {
        this.engine = engine;
    }

    /** The audio, or a 503 problem of {@code type} saying what to do ({@code what}: "a sample", ...). */
    PcmAudio speak(SynthesisRequest request, String type, String what) {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        try {
            SynthesisResult result = engine.synthesize(request, (item, bytes) -> pcm.writeBytes(bytes));
            return PcmAudio.ofLittleEndian(result.start().sampleRate(), pcm.toByteArray());
        } catch (TtsNotConfiguredException notYet) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, type, "Speech is not set up",
                    "Speech is not set up on this Utter yet, so there is no " + what + "; an admin can set it up on "
                            + "the Speech page.");
        } catch (TtsRejectedException refused) {
            String reference = LogReference.next();
            log.warn("The worker refused {} [{}]: {}", what, reference, refused.getMessage());
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, type, "Not made",
                    "The speech worker would not make " + what + " now; if it keeps happening, an admin can look "
                            + "the reference " + reference + " up in the log.");
        } catch (TtsException failure) {
            log.warn("No {}: {}", what, failure.getMessage());
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, type, "Not made now",
                    "The speech worker could not make " + what + " now; try again in a minute.");
        }
    }
}
