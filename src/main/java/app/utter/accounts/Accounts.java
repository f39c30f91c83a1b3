package app.utter.accounts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import app.utter.web.ApiProblem;

/** Creating accounts (the first admin, sign-up, invitations), changing passwords, and an admin's controls. */
@Service
public class Accounts {

    private final AccountRepository repository;
    private final Invitations invitations;
    private final PasswordEncoder passwords;
    private final SignedInSessions sessions;
    private final ApplicationEventPublisher events;
    private final AccountsProperties properties;

    Accounts(AccountRepository repository, Invitations invitations, PasswordEncoder passwords,
            SignedInSessions sessions, ApplicationEventPublisher events, AccountsProperties properties) {
        this.repository = repository;
        this.invitations = invitations;
        this.passwords = passwords;
        this.sessions = sessions;
        this.events = events;
        this.properties = properties;
    }

    /** True until the first visitor has created the admin account. */
    public boolean needsSetup() {
        return !repository.setupDone();
    }

    /** The usernames of the enabled admins: who can change this Utter's settings. */
    public List<String> adminNames() {
        return repository.findAll().stream().filter(a -> a.role() == Role.ADMIN && a.enabled()).map(Account::username)
                .toList();
    }

    boolean openSignUp() {
        return properties.openSignUp();
    }

    /** Creates the admin account; only once per instance, whoever comes first. */
    @Transactional
    public Account setUpAdmin(String username, String password, String confirmation) {
        AccountRules rules = new AccountRules();
        String name = rules.username(username);
        rules.newPassword("password", password, confirmation);
        rules.throwIfInvalid("invalid-account");
        Account admin = newAccount(name, Role.ADMIN);
        try {
            if (!repository.claimSetup(admin.id(), admin.createdAt())) {
                throw alreadySetUp();
            }
        } catch (DuplicateKeyException raced) {
            throw alreadySetUp();
        }
        repository.insert(admin, passwords.encode(password));
        events.publishEvent(new AdminSetUp(admin.owner()));
        return admin;
    }

    /** Signs up with an invitation, or without one when open sign-up is on. */
    @Transactional
    public Account signUp(String username, String password, String confirmation, String invitation) {
        boolean invited = invitation != null && !invitation.isBlank();
        if (!invited && !properties.openSignUp()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "sign-up-closed", "Sign-up is by invitation",
                    "Ask an admin of this Utter for an invitation link.");
        }
        if (needsSetup()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "setup-needed", "Not set up yet",
                    "This Utter has no admin yet; open /setup to create the admin account first.");
        }
        AccountRules rules = new AccountRules();
        String name = rules.username(username);
        rules.newPassword("password", password, confirmation);
        if (repository.usernameTaken(name)) {
            rules.reject("username", "This username is taken; choose another.");
        }
        if (invited && !invitations.usable(invitation)) {
            rules.reject("invitation", "This invitation link has expired or was already used; ask for a new one.");
        }
        rules.throwIfInvalid("invalid-account");
        Account account = newAccount(name, Role.USER);
        try {
            repository.insert(account, passwords.encode(password));
        } catch (DuplicateKeyException raced) {
            throw ApiProblem.invalidFields("invalid-account", Map.of("username", "This username is taken; choose another."));
        }
        if (invited && !invitations.redeem(invitation, account.id())) {
            throw ApiProblem.invalidFields("invalid-account",
                    Map.of("invitation", "This invitation link was used a moment ago; ask for a new one."));
        }
        return account;
    }

    /** Changes the password after checking the current one; other signed-in sessions of the account end. */
    public void changePassword(Owner owner, String current, String replacement, String keepSessionId) {
        String hash = repository.passwordHash(owner.id()).orElseThrow(() -> ApiProblem.notFound("Account", owner.id()));
        AccountRules rules = new AccountRules();
        if (current == null || !passwords.matches(current, hash)) {
            rules.reject("current_password", "This is not your current password.");
        }
        rules.newPassword("new_password", replacement, null);
        if (current != null && current.equals(replacement)) {
            rules.reject("new_password", "Choose a password different from the current one.");
        }
        rules.throwIfInvalid("invalid-password");
        repository.updatePassword(owner.id(), passwords.encode(replacement), now());
        sessions.endAll(owner.username(), keepSessionId);
    }

    public Account get(Owner owner) {
        return repository.findById(owner.id()).orElseThrow(() -> ApiProblem.notFound("Account", owner.id()));
    }

    List<Account> all() {
        return repository.findAll();
    }

    /** Disables or enables someone's account; a disabled account's sessions and API keys stop working at once. */
    Account setEnabled(Owner admin, String id, boolean enabled) {
        if (admin.id().equals(id)) {
            throw new ApiProblem(HttpStatus.CONFLICT, "own-account", "That is you",
                    "You cannot disable your own account; another admin would have to.");
        }
        if (!repository.setEnabled(id, enabled)) {
            throw ApiProblem.notFound("Account", id);
        }
        Account account = repository.findById(id).orElseThrow();
        if (!enabled) {
            sessions.endAll(account.username(), null);
        }
        return account;
    }

    Invitations.Invitation invite(Owner admin) {
        return invitations.create(admin);
    }

    boolean invitationUsable(String token) {
        return invitations.usable(token);
    }

    void recordLogin(String accountId) {
        repository.recordLogin(accountId, now());
    }

    private Account newAccount(String username, Role role) {
        Instant now = now();
        return new Account(UUID.randomUUID().toString(), username, role, true, now, now, null);
    }

    private static ApiProblem alreadySetUp() {
        return new ApiProblem(HttpStatus.CONFLICT, "already-set-up", "Already set up",
                "This Utter already has its admin account; sign in at /login.");
    }

    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
