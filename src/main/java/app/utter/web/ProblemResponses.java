package app.utter.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.util.unit.DataSize;

import jakarta.servlet.http.HttpServletResponse;

/** Turns every failure into problem details: specific words for known ones, a plain apology for the rest. */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    private final DataSize maxUpload;

    ProblemResponses(@Value("${spring.servlet.multipart.max-file-size}") DataSize maxUpload) {
        this.maxUpload = maxUpload;
    }

    @Override
    protected ResponseEntity<Object> handleMaxUploadSizeExceededException(MaxUploadSizeExceededException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ApiProblem problem = new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
                "The upload is larger than " + maxUpload.toMegabytes() + " MB. A reference clip needs only 10 to 30 seconds of speech: "
                        + "trim it, or export it as MP3 or Opus.");
        return answer(problem, headers, request);
    }

    /** A multipart body that breaks off, or lacks its boundary; also what a client that gives up halfway leaves. */
    @ExceptionHandler(MultipartException.class)
    ResponseEntity<Object> unreadableUpload(MultipartException ex, WebRequest request, HttpServletResponse response) {
        log.debug("Multipart request not readable", ex);
        if (response.isCommitted()) {
            return null; // the client left halfway: there is no one to answer
        }
        return answer(new ApiProblem(HttpStatus.BAD_REQUEST, "upload-not-readable", "Upload not readable",
                "The upload could not be read as multipart/form-data. Send the boundary in the Content-Type header "
                        + "and the whole body, each part opened and the last one closed by that boundary."),
                new HttpHeaders(), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return answer(UnreadableInput.body(ex), headers, request);
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return answer(UnreadableInput.parameter(ex), headers, request);
    }

    private ResponseEntity<Object> answer(ApiProblem problem, HttpHeaders headers, WebRequest request) {
        return handleExceptionInternal(problem, problem.getBody(), headers, problem.getStatusCode(), request);
    }

    /** A query parameter Tomcat could not decode (a stray '%', bytes that are not UTF-8). */
    @ExceptionHandler(org.apache.tomcat.util.http.InvalidParameterException.class)
    ResponseEntity<Object> unreadableParameter(Exception ex, WebRequest request) {
        return answer(new ApiProblem(HttpStatus.BAD_REQUEST, "request-not-readable", "Request not readable",
                "A parameter of this request could not be read: write '%' as %25, and send text as UTF-8."),
                new HttpHeaders(), request);
    }

    /** An API path that leads nowhere: say where the paths are described, not how Spring looked for a file. */
    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            org.springframework.web.servlet.resource.NoResourceFoundException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        return answer(new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", "There is nothing at this "
                + "address. Check the path against the API description at /api-docs."), headers, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        String reference = LogReference.next();
        log.error("Request failed unexpectedly [reference {}]", reference, ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Nothing was saved; please try again (reference " + reference + ").");
        return handleExceptionInternal(ex, problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    /** Pages get a page with the problem's title and sentence; everything else the problem itself. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String path = request instanceof ServletWebRequest servlet ? servlet.getRequest().getRequestURI() : null;
        if (path == null || ErrorDocuments.isApi(path) || !(body instanceof ProblemDetail problem)
                && !(body == null && ex instanceof org.springframework.web.ErrorResponse)) {
            return super.handleExceptionInternal(ex, body, headers, status, request);
        }
        ProblemDetail shown = body instanceof ProblemDetail given ? given
                : ((org.springframework.web.ErrorResponse) ex).getBody();
        HttpStatus known = HttpStatus.resolve(status.value());
        ErrorDocument page = ErrorDocuments.page(known == null ? HttpStatus.BAD_REQUEST : known,
                shown.getStatus() == 404 ? "Page not found" : java.util.Objects.requireNonNullElse(shown.getTitle(),
                        "Something went wrong"),
                shown.getStatus() == 404 ? "There is no page at this address. Start from Utter's home page."
                        : java.util.Objects.requireNonNullElse(shown.getDetail(), "This page could not be shown."));
        return ResponseEntity.status(status).headers(headers).contentType(MediaType.TEXT_HTML).body(page.body());
    }
}
