package app.utter.accounts;

import java.time.Instant;

/** A person's account, without its password hash. */
public record Account(String id, String username, Role role, boolean enabled, Instant createdAt,
                      Instant passwordChangedAt, Instant lastLoginAt) implements java.io.Serializable {

    Owner owner() {
        return new Owner(id, username);
    }
}
