package app.utter.tts;

import java.util.List;

/** What {@code GET /health} reports: the loaded model, how it runs and the limits requests must keep to. */
public record WorkerHealth(String status, int protocolVersion, int promptFormatVersion, String engine, Model model,
                           String device, String dtype, String attention, int sampleRate, List<String> languages,
                           Capabilities capabilities, Capacity capacity, Limits limits, String auth,
                           Listening listening, Families families) {

    /** The model; {@code key} is what prompts are bound to. */
    public record Model(String id, String revision, String key, String size, long parameters) {
    }

    /** {@code transcription} and {@code alignment}: whether the worker listens too (absent in older workers). */
    public record Capabilities(boolean streaming, boolean batching, boolean xVectorOnly, boolean transcription,
                               boolean alignment, boolean voiceDesign, boolean presetSpeakers) {
    }

    /**
     * The Qwen3-TTS families the worker serves beside cloning (absent in older workers): {@code voiceDesign} makes a
     * voice up from a description, {@code customVoice} speaks as preset speakers; each null when not served.
     */
    public record Families(Family base, Family voiceDesign, Family customVoice) {
    }

    /** A family's model, whether it takes instructions on how to speak, and its preset speakers (if any). */
    public record Family(String model, String size, boolean instructions, List<Speaker> speakers) {
    }

    /** A preset speaker: {@code name} as the worker takes it, the languages it speaks natively, a few words on it. */
    public record Speaker(String name, String label, List<String> languages, String dialect, String description) {
    }

    /** The recognition and alignment models, and the languages each takes; null when the worker does not listen. */
    public record Listening(String asrModel, String alignerModel, List<String> languages,
                            List<String> alignmentLanguages) {
    }

    /**
     * How much the worker takes at once: {@code streams} texts decoded together, up to {@code queue} more waiting
     * (refused with 503 busy beyond that); {@code active} and {@code waiting} right now. Null from older workers.
     */
    public record Capacity(int streams, int queue, int active, int waiting) {
    }

    public record Limits(int maxBatch, int maxTextChars, int maxTranscriptChars, double minReferenceSeconds,
                         double maxReferenceSeconds, int maxNewTokens, long maxBodyBytes,
                         double maxTranscriptionSeconds, double maxAlignmentSeconds, int maxInstructionChars) {
    }
}
