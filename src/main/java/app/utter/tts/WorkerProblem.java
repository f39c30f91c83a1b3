package app.utter.tts;

import java.util.Map;

/**
 * An RFC 9457 problem document from the worker, or one made up for a gateway's non-problem reply.
 *
 * @param code       the stable last segment of {@code type}, e.g. {@code text-too-long}; switch on this
 * @param properties every other member (e.g. {@code limit}, {@code index}, {@code errors})
 */
public record WorkerProblem(int status, String code, String title, String detail, Map<String, Object> properties) {

    public WorkerProblem {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
    }

    @Override
    public String toString() {
        return status + " " + code + (detail == null ? "" : ": " + detail);
    }
}
