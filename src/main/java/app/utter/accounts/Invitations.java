package app.utter.accounts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** One-time sign-up links that an admin hands out; only their hash is stored. */
@Component
class Invitations {

    /** A new invitation: the secret token goes into the link and is not kept. */
    record Invitation(String token, Instant expiresAt) {
    }

    private final JdbcClient jdbc;
    private final AccountsProperties properties;
    private final Secrets secrets = new Secrets();

    Invitations(JdbcClient jdbc, AccountsProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    Invitation create(Owner admin) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Invitation invitation = new Invitation(secrets.newSecret("inv_"), now.plus(properties.invitationValidity()));
        jdbc.sql("INSERT INTO invitations (id, token_sha256, created_by, created_at, expires_at) "
                        + "VALUES (:id, :hash, :admin, :now, :expires)")
                .param("id", UUID.randomUUID().toString()).param("hash", Secrets.sha256(invitation.token()))
                .param("admin", admin.id()).param("now", AccountRepository.utc(now))
                .param("expires", AccountRepository.utc(invitation.expiresAt()))
                .update();
        return invitation;
    }

    boolean usable(String token) {
        return token != null && !token.isBlank() && jdbc.sql("SELECT COUNT(*) FROM invitations "
                        + "WHERE token_sha256 = :hash AND used_at IS NULL AND expires_at > :now")
                .param("hash", Secrets.sha256(token)).param("now", AccountRepository.utc(Instant.now()))
                .query(Long.class).single() > 0;
    }

    /** Marks the invitation used by {@code accountId}; false when it was unknown, expired or already used. */
    boolean redeem(String token, String accountId) {
        return token != null && jdbc.sql("UPDATE invitations SET used_at = :now, used_by = :account "
                        + "WHERE token_sha256 = :hash AND used_at IS NULL AND expires_at > :now")
                .param("now", AccountRepository.utc(Instant.now())).param("account", accountId)
                .param("hash", Secrets.sha256(token))
                .update() == 1;
    }
}
