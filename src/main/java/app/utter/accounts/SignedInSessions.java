package app.utter.accounts;

import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.stereotype.Component;

/** Ends an account's browser sessions, so that disabling it or changing its password takes effect at once. */
@Component
class SignedInSessions {

    private final SessionRegistry registry;

    SignedInSessions(SessionRegistry registry) {
        this.registry = registry;
    }

    /** Ends every session of the account except {@code keepSessionId} (may be null), on every instance. */
    void endAll(String username, String keepSessionId) {
        registry.getAllSessions(username, false).stream()
                .filter(session -> !session.getSessionId().equals(keepSessionId))
                .forEach(SessionInformation::expireNow);
    }
}
