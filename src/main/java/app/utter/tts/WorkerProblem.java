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

    /**
     * Whether the worker would refuse the same input again (bad text, bad prompt): a 4xx other than a timeout or
     * "too many requests". Only a passing failure, such as {@code synthesis-failed} or a 5xx, is worth a retry.
     */
    public boolean permanent() {
        return status >= 400 && status < 500 && status != 408 && status != 429 && !"synthesis-failed".equals(code);
    }

    @Override
    public String toString() {
        return status + " " + code + (detail == null ? "" : ": " + detail);
    }
}
