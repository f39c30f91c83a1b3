package app.utter.accounts;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import app.utter.web.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a request without a valid sign-in gets: pages go to the sign-in form (or to setup on a fresh instance),
 * API calls get a 401 problem saying how to authenticate, with OpenAI's error member on the OpenAI-compatible API.
 */
@Component
class SignInRequired implements AuthenticationEntryPoint {

    private final Accounts accounts;
    private final JsonMapper json;

    SignInRequired(Accounts accounts, JsonMapper json) {
        this.accounts = accounts;
        this.json = json;
    }

    static boolean isApi(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/api/") || path.startsWith("/v1/") || path.startsWith("/actuator/");
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
        write(response, HttpStatus.UNAUTHORIZED, "sign-in-required", "Sign-in required", detail,
                request.getRequestURI().startsWith(request.getContextPath() + "/v1/") ? "invalid_api_key" : null);
    }

    /** Writes a problem; {@code openAiCode} adds the error member that OpenAI clients read. */
    void write(HttpServletResponse response, HttpStatus status, String type, String title, String detail,
            String openAiCode) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ApiProblem.typeUri(type).toString());
        body.put("title", title);
        body.put("status", status.value());
        body.put("detail", detail);
        if (openAiCode != null) {
            body.put("error", Map.of("message", detail, "type", "invalid_request_error", "code", openAiCode));
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }
}
