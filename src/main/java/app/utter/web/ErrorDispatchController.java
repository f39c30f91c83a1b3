package app.utter.web;

import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The container's error page, {@code /error}, in place of Spring Boot's: it answers what reached no controller,
 * such as the request firewall's refusals, as problem details on the APIs and as a page elsewhere.
 */
@Controller
class ErrorDispatchController implements ErrorController {

    private final ErrorDocuments documents;

    ErrorDispatchController(ErrorDocuments documents) {
        this.documents = documents;
    }

    @RequestMapping("/error")
    ResponseEntity<String> error(HttpServletRequest request) {
        Object status = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        Object path = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        ErrorDocument document = documents.forStatus(path == null ? "/error" : path.toString(),
                status instanceof Integer code ? code : 404);
        return ResponseEntity.status(document.status()).contentType(MediaType.parseMediaType(document.contentType()))
                .body(document.body());
    }
}
