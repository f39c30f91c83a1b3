package app.utter.accounts;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Signs a person in right after they created their account, as the sign-in form would. */
@Component
class SessionSignIn {

    private final SessionRegistry sessions;
    private final AccountRepository accounts;
    private final HttpSessionSecurityContextRepository contextRepository = new HttpSessionSecurityContextRepository();
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    SessionSignIn(SessionRegistry sessions, AccountRepository accounts) {
        this.sessions = sessions;
        this.accounts = accounts;
    }

    void signIn(Account account, HttpServletRequest request, HttpServletResponse response) {
        SignedInUser user = new SignedInUser(account, null);
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(user, null, user.getAuthorities()));
        contexts.setContext(context);
        if (request.getSession(false) != null) {
            request.changeSessionId(); // a new session id on sign-in, against session fixation
        }
        contextRepository.saveContext(context, request, response);
        sessions.registerNewSession(request.getSession().getId(), user);
        accounts.recordLogin(account.id(), java.time.Instant.now()); // a sign-in like any other: the admin sees it
    }
}
