package app.utter.web;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An RFC 9457 problem that a feature throws to answer a request with a 4xx: a stable type, a short title and
 * a detail that says what to fix. Spring MVC renders it as {@code application/problem+json}.
 */
public class ApiProblem extends ErrorResponseException {

    private static final String TYPE_BASE = "https://utter.app/problems/";

    public ApiProblem(HttpStatus status, String type, String title, String detail) {
        this(status, type, title, detail, Map.of());
    }

    public ApiProblem(HttpStatus status, String type, String title, String detail, Map<String, Object> properties) {
        super(status, build(status, type, title, detail, properties), null);
    }

    /** The type URI of the problem with slug {@code type}, e.g. {@code audio-too-short}. */
    public static URI typeUri(String type) {
        return URI.create(TYPE_BASE + type);
    }

    /** The problem's type slug, e.g. {@code audio-too-short}. */
    public String type() {
        return getBody().getType().toString().substring(TYPE_BASE.length());
    }

    public static ApiProblem notFound(String what, String id) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", what + " not found",
                "There is no " + what.toLowerCase() + " with id '" + id + "'. It may have been deleted.");
    }

    /** A 400 listing every field that needs fixing, each with its own message, in {@code errors}. */
    public static ApiProblem invalidFields(String type, Map<String, String> messagesByField) {
        List<Map<String, String>> fields = new ArrayList<>();
        messagesByField.forEach((field, message) -> fields.add(Map.of("field", field, "message", message)));
        return new ApiProblem(HttpStatus.BAD_REQUEST, type, "Some fields need fixing",
                String.join(" ", messagesByField.values()), Map.of("errors", fields));
    }

    /** The messages by field of an {@link #invalidFields} problem, in order; empty for any other problem. */
    public Map<String, String> fieldErrors() {
        Map<String, String> messagesByField = new LinkedHashMap<>();
        if (getBody().getProperties() != null && getBody().getProperties().get("errors") instanceof List<?> fields) {
            for (Object field : fields) {
                if (field instanceof Map<?, ?> error) {
                    messagesByField.put(String.valueOf(error.get("field")), String.valueOf(error.get("message")));
                }
            }
        }
        return messagesByField;
    }

    private static ProblemDetail build(HttpStatus status, String type, String title, String detail,
            Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(typeUri(type));
        problem.setTitle(title);
        problem.setProperties(properties.isEmpty() ? null : Map.copyOf(properties));
        return problem;
    }
}
