package app.utter.accounts;

import java.io.IOException;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** A 403 problem for a signed-in person; someone not signed in is told to sign in (401) instead. */
class Refusals implements AccessDeniedHandler {

    private final SignInRequired signIn;
    private final SecurityContextHolderStrategy contexts;

    Refusals(SignInRequired signIn, SecurityContextHolderStrategy contexts) {
        this.signIn = signIn;
        this.contexts = contexts;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Authentication who = contexts.getContext().getAuthentication();
        if (who == null || who instanceof AnonymousAuthenticationToken) {
            signIn.commence(request, response, new InsufficientAuthenticationException("Not signed in"));
            return;
        }
        if (denied instanceof CsrfException) {
            signIn.write(request, response, HttpStatus.FORBIDDEN, "csrf-token-invalid", "Page out of date",
                    "This page's security token is missing or out of date. Reload the page and try again.", null);
            return;
        }
        signIn.write(request, response, HttpStatus.FORBIDDEN, "admin-only", "Admins only",
                "Only an admin of this Utter can do this.", null);
    }
}
