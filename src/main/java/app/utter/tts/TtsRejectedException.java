package app.utter.tts;

import java.io.Serial;

/** The worker refused the request (a 4xx); {@link #problem()} says why. Sending it again will not help. */
public sealed class TtsRejectedException extends TtsException permits PromptRebuildRequiredException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final WorkerProblem problem;

    TtsRejectedException(WorkerProblem problem) {
        super("TTS worker refused the request: " + problem, null);
        this.problem = problem;
    }

    public WorkerProblem problem() {
        return problem;
    }
}
