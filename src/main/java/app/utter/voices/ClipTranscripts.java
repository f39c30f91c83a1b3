package app.utter.voices;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import app.utter.listening.CharacterErrorRate;
import app.utter.listening.Listening;
import app.utter.listening.ListeningUnavailableException;
import app.utter.tts.Transcript;
import app.utter.web.ApiProblem;

/**
 * What the speech worker hears in a voice's clip, and whether a typed transcript and language agree with it.
 * Qwen3-TTS clones well only from the exact words of the clip, so a transcript that differs a lot is stopped
 * before it is saved unless the person confirms it.
 */
@Component
class ClipTranscripts {

    /**
     * Typed and heard transcripts further apart than this (edits per typed character) are a mismatch. Recognition
     * of clean read speech misses 2 to 5% of characters, and a careful person's typos, numbers written as digits or
     * a dropped word add a few more; a transcript of another clip, or of half of this one, is 50% or more away.
     */
    static final double MAX_MISMATCH = 0.25;

    /** A new voice's transcript and language, and whether the transcript was typed or heard. */
    record Settled(String transcript, Language language, String source) {
    }

    private static final Logger log = LoggerFactory.getLogger(ClipTranscripts.class);

    private final Listening listening;

    ClipTranscripts(Listening listening) {
        this.listening = listening;
    }

    boolean canListen() {
        return listening.abilities().transcription();
    }

    /** What is said in a clip (a normalized WAV); 422 when nothing is, or not in a language Utter speaks. */
    Transcript hear(byte[] wav, Language hint) {
        return usable(listening.transcribe(wav, hint == null ? null : hint.label(), false));
    }

    /**
     * The transcript and language of a new voice from its clip: heard when {@code typed} is blank, else typed and
     * compared with what is heard (422 {@code transcript-mismatch} unless {@code confirmed}). Without a worker
     * that listens, the typed transcript and chosen language stand as they are.
     */
    Settled settle(byte[] wav, String typed, Language chosen, String claimedSource, boolean confirmed) {
        boolean mustHear = typed.isEmpty() || chosen == null;
        if (!mustHear && !canListen()) {
            return new Settled(typed, chosen, Voice.TYPED);
        }
        Transcript heard;
        try {
            heard = listening.transcribe(wav, null, false);
        } catch (ListeningUnavailableException unavailable) {
            if (mustHear) {
                throw ApiProblem.invalidFields("invalid-voice", Map.of(typed.isEmpty() ? "transcript" : "language",
                        (typed.isEmpty() ? "Type exactly what is said in the clip: " : "Choose the clip's language: ")
                                + unavailable.sentence()));
            }
            log.info("The typed transcript was not checked: {}", unavailable.sentence());
            return new Settled(typed, chosen, Voice.TYPED);
        }
        if (typed.isEmpty()) {
            Transcript usable = usable(heard);
            Language detected = Language.parse(usable.language()).orElseThrow(() -> unsupported(usable));
            requireAgreement(null, usable, chosen, detected, confirmed);
            return new Settled(usable.text(), chosen == null || chosen == Language.AUTO ? detected : chosen,
                    Voice.HEARD);
        }
        Language detected = Language.parse(heard.language()).orElse(null);
        if (detected == null && !heard.heardNothing() && !(confirmed && chosen != null && chosen != Language.AUTO)) {
            throw unsupported(heard);
        }
        if (heard.heardNothing()) {
            log.info("No speech was heard in a clip; its typed transcript stands unchecked");
        } else {
            requireAgreement(typed, heard, chosen, detected, confirmed);
        }
        Language language = chosen != null && chosen != Language.AUTO || detected == null ? chosen : detected;
        if (language == null) {
            throw ApiProblem.invalidFields("invalid-voice", Map.of("language", "Choose the language spoken in the "
                    + "clip: no speech in a language Utter speaks was heard in it."));
        }
        return new Settled(typed, language, claimedSource);
    }

    /** What was heard, when it is speech in one of Utter's languages; 422 otherwise. */
    private static Transcript usable(Transcript heard) {
        if (heard.heardNothing()) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "nothing-heard", "No speech heard",
                    "No speech was heard in the clip; choose a recording in which someone speaks clearly.");
        }
        if (!heard.inUtterLanguage()) {
            throw unsupported(heard);
        }
        return heard;
    }

    private static void requireAgreement(String typed, Transcript heard, Language chosen, Language detected,
            boolean confirmed) {
        double errorRate = typed == null ? 0 : CharacterErrorRate.of(typed, heard.text());
        boolean wordsDiffer = errorRate > MAX_MISMATCH;
        boolean languageDiffers = chosen != null && chosen != Language.AUTO && detected != null && chosen != detected;
        if (confirmed || !wordsDiffer && !languageDiffers) {
            return;
        }
        String detail = (wordsDiffer ? String.format(Locale.ROOT, "The transcript differs from what is heard in the "
                + "clip (%.0f%% of its characters).", 100 * Math.min(1, errorRate)) : "")
                + (languageDiffers ? (wordsDiffer ? " " : "") + "The clip sounds like " + detected.label()
                + ", not " + chosen.label() + "." : "")
                + " Qwen3-TTS clones well only from the exact words of the clip: correct them, or send "
                + "confirm_mismatch=true to keep yours.";
        Map<String, Object> both = new LinkedHashMap<>();
        both.put("typed", typed);
        both.put("heard", heard.text());
        both.put("language", chosen == null ? null : chosen.label());
        both.put("detected_language", detected == null ? null : detected.label());
        both.put("character_error_rate", Math.round(errorRate * 1000) / 1000.0);
        both.values().removeIf(java.util.Objects::isNull);
        throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "transcript-mismatch", "Transcript or language differs",
                detail.strip(), both);
    }

    static ApiProblem unsupported(Transcript heard) {
        String spoken = heard.detected() == null ? "a language" : heard.detected();
        return new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "language-unsupported", "Language not supported",
                "The clip is spoken in " + spoken + ", which Utter cannot speak; choose a clip in "
                        + Language.spokenLabels() + ".",
                heard.detected() == null ? Map.of() : Map.of("detected_language", heard.detected()));
    }
}
