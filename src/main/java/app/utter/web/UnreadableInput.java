package app.utter.web;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpStatus;
import org.springframework.http.converter.HttpMessageNotReadableException;

import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * Problems for requests Spring could not turn into arguments: a body that is not JSON or holds a value of the
 * wrong kind, a query or path parameter of the wrong kind. Each names the field and what it must be.
 */
public final class UnreadableInput {

    private static final String TYPE = "invalid-json";

    private UnreadableInput() {
    }

    public static ApiProblem body(HttpMessageNotReadableException unreadable) {
        return switch (unreadable.getCause()) {
            case MismatchedInputException mismatch when !mismatch.getPath().isEmpty() ->
                    ApiProblem.invalidFields(TYPE, Map.of(path(mismatch), "'" + path(mismatch) + "' must be "
                            + kind(mismatch.getTargetType()) + "."));
            case MismatchedInputException _ -> problem("Send one JSON object as the request body.");
            case JacksonException syntax -> problem("The body is not valid JSON" + where(syntax.getLocation())
                    + ". Send one JSON object in UTF-8, its names and texts in double quotes.");
            case null, default -> problem("Send a JSON object as the request body.");
        };
    }

    static ApiProblem parameter(TypeMismatchException mismatch) {
        String name = mismatch.getPropertyName();
        return ApiProblem.invalidFields("invalid-parameter", Map.of(name, "'" + name + "' must be "
                + kind(mismatch.getRequiredType()) + "."));
    }

    private static ApiProblem problem(String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, TYPE, "Body not readable", detail);
    }

    /** The field as the client named it, e.g. {@code sampling.top_k} or {@code texts[2]}. */
    private static String path(JacksonException mismatch) {
        return mismatch.getPath().stream()
                .map(step -> step.getPropertyName() != null ? "." + step.getPropertyName() : "[" + step.getIndex() + "]")
                .collect(Collectors.joining()).replaceFirst("^\\.", "");
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another kind";
        }
        if (CharSequence.class.isAssignableFrom(type)) {
            return "text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Long.class || type == Integer.class || type == Short.class || type == long.class
                || type == int.class || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number";
        }
        return type.isArray() || Collection.class.isAssignableFrom(type) ? "a list" : "a JSON object";
    }

    private static String where(TokenStreamLocation location) {
        return location == null || location.getLineNr() < 1 ? ""
                : " (at line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
