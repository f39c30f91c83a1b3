package app.utter.generation;

/**
 * What a person asks for: a voice (one of theirs, or a preset speaker: {@code preset:<name>}), a text and optionally
 * a language (the voice's by default), a seed and sampling options, whether to check it by listening (the instance's
 * setting when null), and for a preset speaker that takes them, instructions on how to speak. Fields arrive
 * unchecked; {@link Generations#submit} validates them.
 */
public record NewGeneration(String voiceId, String text, String language, Long seed, SamplingOptions sampling,
                            Boolean selfCheck, String instructions) {

    public NewGeneration(String voiceId, String text, String language, Long seed, SamplingOptions sampling) {
        this(voiceId, text, language, seed, sampling, null, null);
    }

    public NewGeneration(String voiceId, String text, String language, Long seed, SamplingOptions sampling,
                         Boolean selfCheck) {
        this(voiceId, text, language, seed, sampling, selfCheck, null);
    }

    /** Qwen3-TTS sampling options; each left null keeps the model's default. */
    public record SamplingOptions(Double temperature, Double topP, Integer topK, Double repetitionPenalty) {
    }
}
