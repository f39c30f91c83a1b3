package app.utter.generation;

/**
 * What a person asks for: a voice, a text and optionally a language (the voice's by default), a seed and
 * sampling options, and whether to check it by listening (the instance's setting when null). Fields arrive
 * unchecked; {@link Generations#submit} validates them.
 */
public record NewGeneration(String voiceId, String text, String language, Long seed, SamplingOptions sampling,
                            Boolean selfCheck) {

    public NewGeneration(String voiceId, String text, String language, Long seed, SamplingOptions sampling) {
        this(voiceId, text, language, seed, sampling, null);
    }

    /** Qwen3-TTS sampling options; each left null keeps the model's default. */
    public record SamplingOptions(Double temperature, Double topP, Integer topK, Double repetitionPenalty) {
    }
}
