package app.utter.openai;

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
        return new OpenAiError(body.getDetail(), type, problem.fieldErrors().keySet().stream().findFirst().orElse(null),
                problem.type().replace('-', '_'));
    }
}
