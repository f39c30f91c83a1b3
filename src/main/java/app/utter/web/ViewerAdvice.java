package app.utter.web;

import java.security.Principal;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Gives every page the model attribute {@code viewer}: who is signed in, or null on the sign-in pages. */
@ControllerAdvice(annotations = HtmlPages.class)
class ViewerAdvice {

    @ModelAttribute("viewer")
    Viewer viewer(HttpServletRequest request) {
        Principal principal = request.getUserPrincipal();
        return principal == null ? null : new Viewer(principal.getName(), request.isUserInRole("ADMIN"));
    }
}
