package app.utter.openai;

import java.util.List;
import java.util.Map;

import org.springframework.http.ProblemDetail;

import app.utter.web.ApiProblem;

/**
 * The {@code error} member OpenAI's API answers with, added beside the problem details so that OpenAI SDKs show a
 * readable message, the field at fault ({@code param}) and a stable {@code code}.
 */
record OpenAiError(String message, String type, String param, String code) {

    static OpenAiError of(ApiProblem problem) {
        ProblemDetail body = problem.getBody();
        String type = body.getStatus() >= 500 ? "server_error" : "invalid_request_error";
        return new OpenAiError(body.getDetail(), type, firstField(body), problem.type().replace('-', '_'));
    }

    private static String firstField(ProblemDetail problem) {
        if (problem.getProperties() != null && problem.getProperties().get("errors") instanceof List<?> fields
                && !fields.isEmpty() && fields.getFirst() instanceof Map<?, ?> field) {
            return String.valueOf(field.get("field"));
        }
        return null;
    }
}
