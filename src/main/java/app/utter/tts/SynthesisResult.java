package app.utter.tts;

import java.util.List;

/**
 * A completed synthesis.
 *
 * @param start       the stream's format, seed and model
 * @param itemSamples samples per item, in request order
 * @param samples     samples in all
 */
public record SynthesisResult(StreamStart start, List<Long> itemSamples, long samples) {

    public SynthesisResult {
        itemSamples = List.copyOf(itemSamples);
    }
}
