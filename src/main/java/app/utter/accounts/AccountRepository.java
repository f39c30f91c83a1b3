package app.utter.accounts;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Accounts and the one-row record of the instance's setup. */
@Repository
class AccountRepository {

    /** An account with its password hash, for signing in. */
    record Credentials(Account account, String passwordHash) {
    }

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Account account, String passwordHash) {
        jdbc.sql("""
                INSERT INTO accounts (id, username, password_hash, role, enabled, created_at, password_changed_at)
                VALUES (:id, :username, :hash, :role, :enabled, :createdAt, :createdAt)
                """)
                .param("id", account.id()).param("username", account.username()).param("hash", passwordHash)
                .param("role", account.role().name()).param("enabled", account.enabled())
                .param("createdAt", utc(account.createdAt()))
                .update();
    }

    /** Claims the instance for its first admin; false when someone already did. Call inside the admin's insert. */
    boolean claimSetup(String adminId, Instant now) {
        return jdbc.sql("INSERT INTO instance_setup (id, admin_id, finished_at) SELECT 1, :admin, :now "
                        + "WHERE NOT EXISTS (SELECT 1 FROM instance_setup)")
                .param("admin", adminId).param("now", utc(now)).update() == 1;
    }

    boolean setupDone() {
        return jdbc.sql("SELECT COUNT(*) FROM instance_setup").query(Long.class).single() > 0;
    }

    boolean usernameTaken(String username) {
        return jdbc.sql("SELECT COUNT(*) FROM accounts WHERE username = :u").param("u", username)
                .query(Long.class).single() > 0;
    }

    Optional<Credentials> findCredentials(String username) {
        return jdbc.sql("SELECT * FROM accounts WHERE username = :u").param("u", username)
                .query((row, n) -> new Credentials(toAccount(row, n), row.getString("password_hash"))).optional();
    }

    Optional<Account> findById(String id) {
        return jdbc.sql("SELECT * FROM accounts WHERE id = :id").param("id", id).query(AccountRepository::toAccount)
                .optional();
    }

    Optional<String> passwordHash(String id) {
        return jdbc.sql("SELECT password_hash FROM accounts WHERE id = :id").param("id", id).query(String.class)
                .optional();
    }

    List<Account> findAll() {
        return jdbc.sql("SELECT * FROM accounts ORDER BY created_at, username").query(AccountRepository::toAccount).list();
    }

    void updatePassword(String id, String passwordHash, Instant now) {
        jdbc.sql("UPDATE accounts SET password_hash = :hash, password_changed_at = :now WHERE id = :id")
                .param("hash", passwordHash).param("now", utc(now)).param("id", id).update();
    }

    boolean setEnabled(String id, boolean enabled) {
        return jdbc.sql("UPDATE accounts SET enabled = :enabled WHERE id = :id")
                .param("enabled", enabled).param("id", id).update() == 1;
    }

    void recordLogin(String id, Instant now) {
        jdbc.sql("UPDATE accounts SET last_login_at = :now WHERE id = :id").param("now", utc(now)).param("id", id)
                .update();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static Account toAccount(ResultSet row, int rowNumber) throws SQLException {
        return new Account(row.getString("id"), row.getString("username"), Role.valueOf(row.getString("role")),
                row.getBoolean("enabled"), instant(row, "created_at"), instant(row, "password_changed_at"),
                instant(row, "last_login_at"));
    }
}
