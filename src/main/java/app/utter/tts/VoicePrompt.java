package app.utter.tts;

import java.util.Arrays;
import java.util.Objects;

/**
 * A voice's clone prompt: an opaque blob (tens of KB) that only works with the model it was made by.
 *
 * @param bytes         the blob, to store with the voice and send back with every synthesis
 * @param model         the model key it is bound to, e.g. {@code Qwen/Qwen3-TTS-12Hz-0.6B-Base@<revision>}
 * @param formatVersion the blob's format version
 */
public record VoicePrompt(byte[] bytes, String model, int formatVersion) {

    public VoicePrompt {
        Objects.requireNonNull(model, "model");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    public int size() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof VoicePrompt that && Arrays.equals(bytes, that.bytes) && model.equals(that.model)
                && formatVersion == that.formatVersion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(bytes), model, formatVersion);
    }

    @Override
    public String toString() {
        return "VoicePrompt[" + bytes.length + " bytes, model=" + model + ", formatVersion=" + formatVersion + "]";
    }
}
