package app.utter.web;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

import tools.jackson.databind.json.JsonMapper;

/**
 * Error answers for requests that Spring MVC never handled, refused by the servlet container, the request
 * firewall or sign-in: problem details on the APIs (with OpenAI's {@code error} member on its paths), a page
 * with a sentence a person can act on everywhere else.
 */
@Component
public class ErrorDocuments {

    private static final String SERVER_FAULT = "Something went wrong on our side. Nothing was saved; please try again.";

    private final JsonMapper json;

    ErrorDocuments(JsonMapper json) {
        this.json = json;
    }

    /** Whether {@code path} (as requested, before any decoding) belongs to an API rather than to a page. */
    public static boolean isApi(String path) {
        return path != null && (path.startsWith("/api/") || path.startsWith("/v1/") || path.startsWith("/actuator/"));
    }

    /**
     * A problem; on the OpenAI-compatible paths also OpenAI's error member, whose code is {@code openAiCode} or,
     * when that is null, the problem's type.
     */
    public ErrorDocument problem(String path, HttpStatus status, String type, String title, String detail,
            String openAiCode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ApiProblem.typeUri(type).toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        if (path != null && path.startsWith("/v1/")) {
            body.put("error", Map.of("message", detail, "code", openAiCode == null ? type.replace('-', '_') : openAiCode,
                    "type", status.is5xxServerError() ? "server_error" : "invalid_request_error"));
        }
        return new ErrorDocument(status, MediaType.APPLICATION_PROBLEM_JSON_VALUE, json.writeValueAsString(body));
    }

    /** A problem on an API path, else a page with the same title and sentence. */
    public ErrorDocument answer(String path, HttpStatus status, String type, String title, String detail,
            String openAiCode) {
        return isApi(path) ? problem(path, status, type, title, detail, openAiCode) : page(status, title, detail);
    }

    /**
     * The answer for a bare status that the container or the firewall set on a request to {@code path}; null when
     * the request line was too long to read, and then a problem, which people and programs can both read.
     */
    ErrorDocument forStatus(String path, int code) {
        HttpStatus status = HttpStatus.resolve(code) == null ? HttpStatus.BAD_REQUEST : HttpStatus.valueOf(code);
        if (path != null && !isApi(path)) {
            return switch (status) {
                case BAD_REQUEST -> page(status, "Address not readable",
                        "This address could not be read. Type the plain address again, or start from Utter's home page.");
                case NOT_FOUND -> page(status, "Page not found",
                        "There is no page at this address. Start from Utter's home page.");
                default -> page(status, status.getReasonPhrase(), status.is5xxServerError() ? SERVER_FAULT
                        : "This page could not be shown (" + status.value() + "). Start again from Utter's home page.");
            };
        }
        return switch (status) {
            case BAD_REQUEST -> problem(path, status, "request-not-readable", "Request not readable", "The address or "
                    + "headers of this request could not be read. Send the plain path, such as /api/v1/voices/{id}: no "
                    + "encoded '/', '\\' or NUL, no ';' parameters, '..' or '//', only UTF-8, and under 8 KB in all.", null);
            case NOT_FOUND -> problem(path, status, "not-found", "Not found",
                    "There is nothing at this address. Check the path against the API description at /api-docs.", null);
            default -> status.is5xxServerError()
                    ? problem(path, status, "server-error", "Something went wrong", SERVER_FAULT, null)
                    : problem(path, status, "request-refused", status.getReasonPhrase(), "This request could not be "
                            + "handled (" + status.value() + " " + status.getReasonPhrase() + "). Check its address, "
                            + "method and size.", null);
        };
    }

    static ErrorDocument page(HttpStatus status, String title, String sentence) {
        String html = """
                <!doctype html>
                <html lang="en">
                <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s · Utter</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
                <link rel="stylesheet" href="/css/utter.css"></head>
                <body>
                <header class="top"><a class="brand" href="/">Utter</a></header>
                <main id="main" class="narrow"><h1>%1$s</h1><p>%2$s</p><p><a href="/">Go to the home page</a></p></main>
                </body>
                </html>
                """.formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(sentence));
        return new ErrorDocument(status, MediaType.TEXT_HTML_VALUE, html);
    }
}
