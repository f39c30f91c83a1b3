package app.utter.tts;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * What to speak: one text or a batch (each its own item in the stream, in order), in one language and voice. The
 * voice is a cloned voice's prompt, a preset speaker (with a speaking style where the worker takes one), or a
 * description for the worker to make a voice up from: exactly one of {@code prompt}, {@code speaker} and
 * {@code description}.
 *
 * @param texts        the texts, each non-blank and within the worker's {@code max_text_chars}
 * @param language     one of the worker's languages, e.g. {@code English}, or {@code Auto}
 * @param prompt       the voice's stored prompt
 * @param sampling     sampling options; {@link Sampling#DEFAULTS} leaves every one to the model
 * @param seed         0 to 4294967295 for reproducible audio, or null for a random seed (reported back)
 * @param maxNewTokens cap on codec frames per text (12.5 per second), or null for the worker's default
 * @param part         which part of a longer text this is: the worker serves part 0 (someone is waiting to hear
 *                     it) before later parts; null for a text on its own
 * @param speaker      a preset speaker's name, instead of a prompt
 * @param instructions how the preset speaker speaks (style, emotion, pace), or null
 * @param description  a voice in words for the worker to make up, instead of a prompt
 */
public record SynthesisRequest(List<String> texts, String language, VoicePrompt prompt, Sampling sampling,
                               Long seed, Integer maxNewTokens, Integer part, String speaker, String instructions,
                               String description) {

    public SynthesisRequest {
        texts = List.copyOf(texts);
        if (Stream.of(prompt, speaker, description).filter(Objects::nonNull).count() != 1) {
            throw new IllegalArgumentException("a request speaks in exactly one voice: a prompt, a speaker or a "
                    + "description");
        }
        language = language == null ? "Auto" : language;
        sampling = sampling == null ? Sampling.DEFAULTS : sampling;
    }

    public SynthesisRequest(List<String> texts, String language, VoicePrompt prompt, Sampling sampling, Long seed,
                            Integer maxNewTokens, Integer part) {
        this(texts, language, prompt, sampling, seed, maxNewTokens, part, null, null, null);
    }

    public SynthesisRequest(List<String> texts, String language, VoicePrompt prompt, Sampling sampling, Long seed,
                            Integer maxNewTokens) {
        this(texts, language, prompt, sampling, seed, maxNewTokens, null);
    }

    /** One text in a preset speaker's voice, spoken as {@code instructions} say (null: as it usually speaks). */
    public static SynthesisRequest ofSpeaker(String text, String language, String speaker, String instructions,
                                             Sampling sampling, Long seed, Integer part) {
        return new SynthesisRequest(List.of(text), language, null, sampling, seed, null, part, speaker, instructions,
                null);
    }

    /** One text in a voice the worker makes up from {@code description}; another seed makes another voice. */
    public static SynthesisRequest ofDescription(String text, String language, String description, long seed) {
        return new SynthesisRequest(List.of(text), language, null, Sampling.DEFAULTS, seed, null, null, null, null,
                description);
    }

    public static SynthesisRequest of(String text, String language, VoicePrompt prompt) {
        return new SynthesisRequest(List.of(text), language, prompt, Sampling.DEFAULTS, null, null);
    }

    public SynthesisRequest withSeed(long seed) {
        return new SynthesisRequest(texts, language, prompt, sampling, seed, maxNewTokens, part, speaker,
                instructions, description);
    }

    public SynthesisRequest withMaxNewTokens(int maxNewTokens) {
        return new SynthesisRequest(texts, language, prompt, sampling, seed, maxNewTokens, part, speaker,
                instructions, description);
    }

    public SynthesisRequest withPrompt(VoicePrompt prompt) {
        return new SynthesisRequest(texts, language, prompt, sampling, seed, maxNewTokens, part, null, null, null);
    }

    /** Qwen3-TTS sampling options; null means the model's default. The sub-talker ones are not always honoured. */
    public record Sampling(Boolean doSample, Double temperature, Integer topK, Double topP, Double repetitionPenalty,
                           Boolean subtalkerDosample, Double subtalkerTemperature, Integer subtalkerTopK,
                           Double subtalkerTopP) {

        public static final Sampling DEFAULTS = new Sampling(null, null, null, null, null, null, null, null, null);
    }
}
