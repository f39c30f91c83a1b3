package app.utter.web;

import java.io.IOException;

import org.springframework.http.HttpStatus;

import jakarta.servlet.http.HttpServletResponse;

/** An error answer written outside Spring MVC: its status, content type and body. */
public record ErrorDocument(HttpStatus status, String contentType, String body) {

    public void writeTo(HttpServletResponse response) throws IOException {
        response.setStatus(status.value());
        response.setContentType(contentType);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(body);
    }
}
