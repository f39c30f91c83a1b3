package app.utter.listening;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import app.utter.tts.Remembered;
import app.utter.tts.TimedWord;
import app.utter.tts.Transcript;
import app.utter.tts.TtsEngine;
import app.utter.tts.TtsException;
import app.utter.tts.TtsNotConfiguredException;
import app.utter.tts.TtsRejectedException;
import app.utter.tts.WorkerHealth;

/**
 * The worker's ears: transcribes and aligns clips when the worker can, and says plainly when it cannot. What the
 * worker can do is learned from its health and remembered for a while, so that pages can ask cheaply.
 */
@Service
public class Listening {

    /** What the worker hears, as far as this app knows; {@code models} null when it does not listen. */
    public record Abilities(boolean transcription, boolean alignment, WorkerHealth.Listening models, String note) {

        static Abilities none(String note) {
            return new Abilities(false, false, null, note);
        }

        /** Whether word timings can be had for speech in {@code language} (one of Utter's names). */
        public boolean aligns(String language) {
            return alignment && models != null && models.alignmentLanguages() != null && models.alignmentLanguages()
                    .stream().anyMatch(name -> name.equalsIgnoreCase(language));
        }
    }

    static final String NOT_LISTENING = "This Utter's speech worker does not transcribe speech.";
    private static final Logger log = LoggerFactory.getLogger(Listening.class);
    private static final Duration REMEMBERED = Duration.ofSeconds(30);

    private final TtsEngine engine;
    private final Remembered<Abilities> known = new Remembered<>(REMEMBERED, this::ask);

    public Listening(TtsEngine engine) {
        this.engine = engine;
    }

    /** What the worker can hear, asked again when the last answer is older than half a minute. */
    public Abilities abilities() {
        return known.get();
    }

    private Abilities ask() {
        Abilities now;
        try {
            WorkerHealth health = engine.health();
            WorkerHealth.Capabilities can = health.capabilities();
            boolean transcribes = can != null && can.transcription();
            now = transcribes || can != null && can.alignment()
                    ? new Abilities(transcribes, can.alignment(), health.listening(), null)
                    : Abilities.none(NOT_LISTENING);
        } catch (TtsNotConfiguredException notYet) {
            now = Abilities.none("Speech is not set up on this Utter yet, so nothing can be transcribed; an admin "
                    + "can set it up on the Speech page.");
        } catch (TtsException unreachable) {
            now = Abilities.none("The speech worker cannot be reached, so nothing can be transcribed now.");
            log.debug("Listening unknown: {}", unreachable.getMessage());
        }
        return now;
    }

    /** What is said in {@code wav} and its language; {@code language} null to detect it. */
    public Transcript transcribe(byte[] wav, String language, boolean wordTimings) {
        if (!abilities().transcription()) {
            throw new ListeningUnavailableException(abilities().note());
        }
        try {
            return engine.transcribe(wav, language == null || language.equalsIgnoreCase("Auto") ? null : language,
                    wordTimings);
        } catch (TtsException failure) {
            throw unavailable(failure);
        }
    }

    /** When each word of {@code text} is said in {@code wav}, spoken in {@code language}. */
    public List<TimedWord> align(byte[] wav, String text, String language) {
        if (!abilities().aligns(language)) {
            throw new ListeningUnavailableException(abilities().alignment()
                    ? "This Utter's speech worker cannot time words in " + language + "."
                    : "This Utter's speech worker does not time words, so there are no captions.");
        }
        try {
            return engine.align(wav, text, language);
        } catch (TtsException failure) {
            throw unavailable(failure);
        }
    }

    private ListeningUnavailableException unavailable(TtsException failure) {
        if (failure instanceof TtsRejectedException rejected
                && rejected.problem().code().equals(TtsEngine.NOT_LISTENING)) {
            known.set(Abilities.none(NOT_LISTENING)); // the worker changed since it was asked
            return new ListeningUnavailableException(NOT_LISTENING);
        }
        log.warn("Listening failed: {}", failure.getMessage());
        String reason = failure instanceof TtsRejectedException rejected && rejected.problem().detail() != null
                ? rejected.problem().detail() : "The speech worker did not answer; try again in a minute.";
        return new ListeningUnavailableException("The clip could not be transcribed. " + reason);
    }
}
