package app.utter.tts;

import java.util.List;
import java.util.Objects;

/**
 * What to speak: one text or a batch (each its own item in the stream, in order), in one language and voice.
 *
 * @param texts        the texts, each non-blank and within the worker's {@code max_text_chars}
 * @param language     one of the worker's languages, e.g. {@code English}, or {@code Auto}
 * @param prompt       the voice's stored prompt
 * @param sampling     sampling options; {@link Sampling#DEFAULTS} leaves every one to the model
 * @param seed         0 to 4294967295 for reproducible audio, or null for a random seed (reported back)
 * @param maxNewTokens cap on codec frames per text (12.5 per second), or null for the worker's default
 * @param part         which part of a longer text this is: the worker serves part 0 (someone is waiting to hear
 *                     it) before later parts; null for a text on its own
 */
public record SynthesisRequest(List<String> texts, String language, VoicePrompt prompt, Sampling sampling,
                               Long seed, Integer maxNewTokens, Integer part) {

    public SynthesisRequest {
        texts = List.copyOf(texts);
        Objects.requireNonNull(prompt, "prompt");
        language = language == null ? "Auto" : language;
        sampling = sampling == null ? Sampling.DEFAULTS : sampling;
    }

    public SynthesisRequest(List<String> texts, String language, VoicePrompt prompt, Sampling sampling, Long seed,
                            Integer maxNewTokens) {
        this(texts, language, prompt, sampling, seed, maxNewTokens, null);
    }

    public static SynthesisRequest of(String text, String language, VoicePrompt prompt) {
        return new SynthesisRequest(List.of(text), language, prompt, Sampling.DEFAULTS, null, null);
    }

    public SynthesisRequest withSeed(long seed) {
        return new SynthesisRequest(texts, language, prompt, sampling, seed, maxNewTokens, part);
    }

    public SynthesisRequest withMaxNewTokens(int maxNewTokens) {
        return new SynthesisRequest(texts, language, prompt, sampling, seed, maxNewTokens, part);
    }

    public SynthesisRequest withPrompt(VoicePrompt prompt) {
        return new SynthesisRequest(texts, language, prompt, sampling, seed, maxNewTokens, part);
    }

    /** Qwen3-TTS sampling options; null means the model's default. The sub-talker ones are not always honoured. */
    public record Sampling(Boolean doSample, Double temperature, Integer topK, Double topP, Double repetitionPenalty,
                           Boolean subtalkerDosample, Double subtalkerTemperature, Integer subtalkerTopK,
                           Double subtalkerTopP) {

        public static final Sampling DEFAULTS = new Sampling(null, null, null, null, null, null, null, null, null);
    }
}
