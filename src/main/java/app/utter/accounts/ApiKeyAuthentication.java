package app.utter.accounts;

import java.io.IOException;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Signs a request in by its {@code Authorization: Bearer <API key>} header; a wrong key is a 401, never a fallback. */
class ApiKeyAuthentication extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final SecurityContextHolderStrategy contexts;
    private final AuthenticationEntryPoint refusal;

    ApiKeyAuthentication(ApiKeys keys, SecurityContextHolderStrategy contexts, AuthenticationEntryPoint refusal) {
        this.keys = keys;
        this.contexts = contexts;
        this.refusal = refusal;
    }

    static boolean hasBearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        return header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!hasBearer(request)) {
            chain.doFilter(request, response);
            return;
        }
        String secret = request.getHeader(HttpHeaders.AUTHORIZATION).substring(7).strip();
        var user = keys.authenticate(secret);
        if (user.isEmpty()) {
            refusal.commence(request, response, new BadCredentialsException(
                    "This API key is not valid: it may have been revoked, or its account disabled. "
                            + "Create a new key on your account page."));
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user.get(), null,
                user.get().getAuthorities()));
        contexts.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            contexts.clearContext();
        }
    }
}
