package app.utter.accounts;

import java.time.Duration;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/** Password sign-in, refused while the {@link LoginThrottle} pauses the account or address. */
class ThrottledSignIn implements AuthenticationProvider {

    private final AuthenticationProvider passwords;
    private final LoginThrottle throttle;
    private final Accounts accounts;

    ThrottledSignIn(AuthenticationProvider passwords, LoginThrottle throttle, Accounts accounts) {
        this.passwords = passwords;
        this.throttle = throttle;
        this.accounts = accounts;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String username = AccountRules.normalize(attempt.getName());
        String address = attempt.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        throttle.pausedFor(username, address).ifPresent(pause -> {
            throw new LockedException("Too many failed sign-in attempts. Try again in " + minutes(pause) + ".");
        });
        try {
            Authentication signedIn = passwords.authenticate(attempt);
            throttle.succeeded(username);
            if (signedIn.getPrincipal() instanceof SignedInUser user) {
                accounts.recordLogin(user.account().id());
            }
            return signedIn;
        } catch (BadCredentialsException wrong) {
            throttle.failed(username, address);
            throw new BadCredentialsException("Wrong username or password.");
        } catch (DisabledException disabled) {
            throw new DisabledException("This account is disabled; ask an admin of this Utter to enable it.");
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    private static String minutes(Duration pause) {
        long minutes = Math.max(1, (pause.toSeconds() + 59) / 60);
        return minutes == 1 ? "a minute" : minutes + " minutes";
    }
}
