package app.utter.tts;

import java.io.Serial;

/**
 * The stored prompt was made by another model or in a format this worker does not read (409
 * {@code prompt-model-mismatch} / {@code prompt-version-unsupported}): rebuild it with
 * {@link TtsEngine#createPrompt} from the voice's reference clip, store it, and try once more.
 */
public final class PromptRebuildRequiredException extends TtsRejectedException {

    @Serial
    private static final long serialVersionUID = 1L;

    PromptRebuildRequiredException(WorkerProblem problem) {
        super(problem);
    }
}
