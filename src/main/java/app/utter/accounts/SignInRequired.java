package app.utter.accounts;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import app.utter.web.ErrorDocuments;

/**
 * What a request without a valid sign-in gets: pages go to the sign-in form (or to setup on a fresh instance),
 * API calls get a 401 problem saying how to authenticate, with OpenAI's error member on the OpenAI-compatible API.
 */
@Component
class SignInRequired implements AuthenticationEntryPoint {

    private final Accounts accounts;
    private final ErrorDocuments documents;

    SignInRequired(Accounts accounts, ErrorDocuments documents) {
        this.accounts = accounts;
        this.documents = documents;
    }

    static boolean isApi(HttpServletRequest request) {
        return ErrorDocuments.isApi(path(request));
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException reason)
            throws IOException {
        boolean setupNeeded = accounts.needsSetup();
        if (!isApi(request)) {
            response.sendRedirect(request.getContextPath() + (setupNeeded ? "/setup" : "/login"));
            return;
        }
        String detail = setupNeeded
                ? "This Utter has no account yet. Open /setup in a browser to create the admin account."
                : reason instanceof BadCredentialsException && ApiKeyAuthentication.hasBearer(request)
                        ? reason.getMessage()
                        : "Sign in, or send an API key as 'Authorization: Bearer <key>'; create keys on your account page.";
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"utter\"");
        write(request, response, HttpStatus.UNAUTHORIZED, "sign-in-required", "Sign-in required", detail,
                "invalid_api_key");
    }

    /** Writes a problem (a page, on a page's path); {@code openAiCode} is the code of the error member that OpenAI clients read. */
    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String type, String title,
            String detail, String openAiCode) throws IOException {
        documents.answer(path(request), status, type, title, detail, openAiCode).writeTo(response);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }
}
