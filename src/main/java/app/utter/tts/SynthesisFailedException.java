package app.utter.tts;

import java.io.Serial;

/**
 * The worker failed after the stream had started (an {@code E} frame); the audio received for unfinished
 * items is incomplete. The request may be retried as a whole unless its problem is {@link WorkerProblem#permanent()}.
 */
public final class SynthesisFailedException extends TtsException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final WorkerProblem problem;

    SynthesisFailedException(WorkerProblem problem) {
        super("TTS worker failed during synthesis: " + problem, null);
        this.problem = problem;
    }

    public WorkerProblem problem() {
        return problem;
    }
}
