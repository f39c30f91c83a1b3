package app.utter.openai;

import java.util.HashMap;
import java.util.Map;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import app.utter.web.ApiProblem;
import app.utter.web.UnreadableInput;

/** Problems of the OpenAI-compatible API: RFC 9457 problem details that also carry OpenAI's {@code error} member. */
@RestControllerAdvice(basePackageClasses = OpenAiProblems.class)
@Order(Ordered.HIGHEST_PRECEDENCE) // before the application-wide problem responses
class OpenAiProblems {

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<ProblemDetail> problem(ApiProblem problem) {
        return withError(problem);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException unreadable) {
        return withError(UnreadableInput.body(unreadable));
    }

    private static ResponseEntity<ProblemDetail> withError(ApiProblem thrown) {
        ProblemDetail problem = thrown.getBody();
        ProblemDetail answer = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(problem.getStatus()), problem.getDetail());
        answer.setType(problem.getType());
        answer.setTitle(problem.getTitle());
        answer.setInstance(problem.getInstance());
        Map<String, Object> properties = new HashMap<>(problem.getProperties() == null ? Map.of() : problem.getProperties());
        properties.put("error", OpenAiError.of(thrown));
        answer.setProperties(properties);
        return ResponseEntity.status(problem.getStatus()).headers(thrown.getHeaders())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(answer);
    }
}
