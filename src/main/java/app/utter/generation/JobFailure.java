package app.utter.generation;

import java.time.Duration;
import java.util.Objects;

import app.utter.tts.SynthesisFailedException;
import app.utter.tts.TtsNotConfiguredException;
import app.utter.tts.TtsRejectedException;
import app.utter.tts.TtsUnavailableException;
import app.utter.tts.WorkerProblem;
import app.utter.web.ApiProblem;
import app.utter.web.LogReference;

/**
 * Why a generation attempt failed, in words for the person who asked for it: what happened, whether Utter tries
 * again, and what they can do. Internals (addresses, exceptions) go to the log under {@code reference}, which the
 * sentence names so that an admin can find them.
 *
 * @param what      what happened, one sentence
 * @param passing   whether trying again later may succeed (a refused text fails the same way every time)
 * @param reference a short id shared by the log line and the sentence
 */
record JobFailure(String what, boolean passing, String reference) {

    static JobFailure of(Exception failure) {
        String reference = LogReference.next();
        return switch (failure) {
            case TtsNotConfiguredException _ -> new JobFailure("Speech is not set up on this Utter yet; an admin can "
                    + "set it up on the Speech page.", false, reference);
            case TtsRejectedException e -> new JobFailure(refusal(e.problem()), false, reference);
            case SynthesisFailedException e when e.problem().permanent() ->
                    new JobFailure(refusal(e.problem()), false, reference);
            case ApiProblem _ -> new JobFailure("The voice of this generation was deleted.", false, reference);
            case SynthesisFailedException _ -> new JobFailure("The speech worker stopped while speaking this text.",
                    true, reference);
            case TtsUnavailableException _ -> new JobFailure("The speech worker was not available.", true,
                    reference);
            default -> new JobFailure("Something went wrong while speaking this text.", true, reference);
        };
    }

    /** What the person reads while Utter waits to try again. */
    String retrying(Duration delay) {
        return what + " Utter tries again in " + seconds(delay) + " (reference " + reference + ").";
    }

    /** What the person reads once Utter stopped trying. */
    String gaveUp(int attempts) {
        if (!passing) {
            return what;
        }
        return what + " Utter tried " + attempts + (attempts == 1 ? " time" : " times") + " and stopped; retry once "
                + "speech is back (the Speech page says where it stands). Reference " + reference + ".";
    }

    private static String refusal(WorkerProblem problem) {
        return "The speech worker refused the text: " + Objects.requireNonNullElse(problem.detail(), problem.code());
    }

    private static String seconds(Duration delay) {
        long s = Math.max(1, Math.round(delay.toMillis() / 1000.0));
        return s < 120 ? s + (s == 1 ? " second" : " seconds") : (s / 60) + " minutes";
    }
}
