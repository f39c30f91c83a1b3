package app.utter.accounts;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** The security principal of a signed-in person or API key; equal by account id so sessions can be found by it. */
final class SignedInUser implements UserDetails, CredentialsContainer {

    private final Account account;
    private String passwordHash;

    SignedInUser(Account account, String passwordHash) {
        this.account = account;
        this.passwordHash = passwordHash;
    }

    Account account() {
        return account;
    }

    Owner owner() {
        return account.owner();
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return List.of(new SimpleGrantedAuthority(account.role().authority()));
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return account.username();
    }

    @Override
    public boolean isEnabled() {
        return account.enabled();
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedInUser user && user.account.id().equals(account.id());
    }

    @Override
    public int hashCode() {
        return Objects.hash(account.id());
    }

    @Override
    public String toString() {
        return "SignedInUser[" + account.username() + "]";
    }
}
