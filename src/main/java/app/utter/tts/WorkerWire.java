package app.utter.tts;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonInclude;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The worker protocol's JSON bodies, read and written with a mapper of its own (not the app's settings). */
final class WorkerWire {

    /** Snake-case members, nulls left out (the worker rejects what it does not know), unknown members ignored. */
    static final JsonMapper JSON = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .changeDefaultPropertyInclusion(inclusion -> inclusion.withValueInclusion(JsonInclude.Include.NON_NULL))
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private static final Set<String> PROBLEM_MEMBERS = Set.of("type", "title", "status", "detail", "code");

    record PromptBody(String audio, String transcript, boolean xVectorOnly) {
    }

    record PromptReply(String prompt, int formatVersion, String model, String sha256, int bytes) {
    }

    record SynthesizeBody(Object text, String language, String prompt, SynthesisRequest.Sampling sampling, Long seed,
                          Integer maxNewTokens, Integer part, String speaker, String instructions,
                          String description) {
    }

    record TranscriptionBody(String audio, String language, boolean wordTimings) {
    }

    record AlignmentBody(String audio, String text, String language) {
    }

    record Heard(String text, String language, String detected, List<TimedWord> words, double duration) {
    }

    record ItemDone(long samples) {
    }

    record End(int items, long samples, Double elapsedMs) {
    }

    private WorkerWire() {
    }

    /** The worker's problem document, or a stand-in when a gateway answered with something else. */
    static WorkerProblem problem(int status, byte[] body) {
        Map<String, Object> members;
        try {
            members = JSON.readValue(body, new TypeReference<Map<String, Object>>() { });
        } catch (JacksonException e) {
            members = null;
        }
        if (members == null || text(members, "code") == null && text(members, "type") == null) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return new WorkerProblem(status, "http-" + status, null,
                    text.length() > 300 ? text.substring(0, 300) + "..." : text, Map.of());
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        members.forEach((name, value) -> {
            if (value != null && !PROBLEM_MEMBERS.contains(name)) {
                extra.put(name, value);
            }
        });
        String type = text(members, "type");
        return new WorkerProblem(members.get("status") instanceof Number n ? n.intValue() : status,
                text(members, "code") != null ? text(members, "code") : type.substring(type.lastIndexOf(':') + 1),
                text(members, "title"), text(members, "detail"), extra);
    }

    private static String text(Map<String, Object> members, String name) {
        return members.get(name) instanceof String value ? value : null;
    }
}
