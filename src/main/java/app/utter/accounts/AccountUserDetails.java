package app.utter.accounts;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/** Looks accounts up for the sign-in form; made by the sign-in provider, not a bean, so Boot adds no login of its own. */
class AccountUserDetails implements UserDetailsService {

    private final AccountRepository repository;

    AccountUserDetails(AccountRepository repository) {
        this.repository = repository;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        return repository.findCredentials(AccountRules.normalize(username))
                .map(found -> new SignedInUser(found.account(), found.passwordHash()))
                .orElseThrow(() -> new UsernameNotFoundException("No such account"));
    }
}
