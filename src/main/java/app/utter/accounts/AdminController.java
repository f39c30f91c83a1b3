package app.utter.accounts;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

import app.utter.web.ApiProblem;
import io.swagger.v3.oas.annotations.tags.Tag;

/** An admin's controls: everyone's accounts, disabling and enabling them, and invitation links. */
@RestController
@RequestMapping("/api/v1/admin")
@Tag(name = "Admin", description = "Accounts and invitations (admins only)")
class AdminController {

    private final Accounts accounts;

    AdminController(Accounts accounts) {
        this.accounts = accounts;
    }

    record UserView(String id, String username, String role, boolean enabled, Instant createdAt, Instant lastLoginAt) {
        static UserView of(Account account) {
            return new UserView(account.id(), account.username(), account.role().name().toLowerCase(),
                    account.enabled(), account.createdAt(), account.lastLoginAt());
        }
    }

    record UserList(List<UserView> items) {
    }

    record UserChange(Boolean enabled) {
    }

    record InvitationView(String url, Instant expiresAt) {
    }

    @GetMapping("/users")
    UserList users() {
        return new UserList(accounts.all().stream().map(UserView::of).toList());
    }

    @PatchMapping("/users/{id}")
    UserView change(Owner admin, @PathVariable String id, @RequestBody UserChange change) {
        if (change == null || change.enabled() == null) {
            throw ApiProblem.invalidFields("invalid-user-change", Map.of("enabled", "Send {\"enabled\": true} or false."));
        }
        return UserView.of(accounts.setEnabled(admin, id, change.enabled()));
    }

    @PostMapping("/invitations")
    ResponseEntity<InvitationView> invite(Owner admin) {
        Invitations.Invitation invitation = accounts.invite(admin);
        String url = ServletUriComponentsBuilder.fromCurrentContextPath().path("/signup")
                .queryParam("invitation", invitation.token()).build().toUriString();
        return ResponseEntity.created(URI.create("/signup")).body(new InvitationView(url, invitation.expiresAt()));
    }
}
