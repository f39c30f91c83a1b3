package app.utter.tts;

import java.time.Duration;
import java.util.List;

/**
 * A completed synthesis.
 *
 * @param start       the stream's format, seed and model
 * @param itemSamples samples per item, in request order
 * @param samples     samples in all
 * @param workerTime  the worker's own time on the request, as it reports it; null from a worker that does not
 */
public record SynthesisResult(StreamStart start, List<Long> itemSamples, long samples, Duration workerTime) {

    public SynthesisResult {
        itemSamples = List.copyOf(itemSamples);
    }
}
