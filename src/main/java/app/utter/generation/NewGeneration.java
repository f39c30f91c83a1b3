package app.utter.generation;

/**
 * What a person asks for: a voice, a text and optionally a language (the voice's by default), a seed and
 * sampling options. Fields arrive unchecked; {@link Generations#submit} validates them.
 */
public record NewGeneration(String voiceId, String text, String language, Long seed, SamplingOptions sampling) {

    /** Qwen3-TTS sampling options; each left null keeps the model's default. */
    public record SamplingOptions(Double temperature, Double topP, Integer topK, Double repetitionPenalty) {
    }
}
