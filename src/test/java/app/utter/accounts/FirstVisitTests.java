package app.utter.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.TestAccounts;

/** A fresh instance: no default password; the first visitor sets up the admin, once, and inherits older rows. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class FirstVisitTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("utter-first-visit-");
        registry.add("utter.data-dir", dir::toString);
    }

    @Test
    void theFirstVisitorSetsUpTheAdminOnceAndOwnsWhatCameBefore() {
        ApiClient visitor = new ApiClient(port).withCookies();
        assertThat(visitor.get("/").header("Location")).endsWith("/setup");
        assertThat(visitor.get("/login").header("Location")).endsWith("/setup");
        Response api = visitor.get("/api/v1/voices");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.json().get("detail").asString()).contains("/setup");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM accounts").query(Long.class).single()).isZero();
        jdbc.sql("""
                INSERT INTO voices (id, name, transcript, language, consent_statement, consent_source,
                    consent_accepted_at, duration_ms, source_duration_ms, source_format, source_codec,
                    original_size_bytes, content_sha256, created_at, updated_at)
                VALUES ('older-voice', 'From before accounts', 'words', 'ENGLISH', 'I have the right', 'explicit',
                    CURRENT_TIMESTAMP, 5000, 5000, 'wav', 'pcm_s16le', 1, :sha, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                """).param("sha", "0".repeat(64)).update();

        Response page = visitor.get("/setup");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.text()).contains("Create admin account");
        Response tooShort = visitor.postForm("/setup", Map.of("username", "owner", "password", "short",
                "confirm_password", "short"));
        assertThat(tooShort.status()).isEqualTo(200);
        assertThat(tooShort.text()).contains("at least 10 characters");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM accounts").query(Long.class).single()).isZero();

        Response created = visitor.postForm("/setup", Map.of("username", "Owner", "password", TestAccounts.PASSWORD,
                "confirm_password", TestAccounts.PASSWORD));
        assertThat(created.status()).isEqualTo(302);
        assertThat(created.header("Location")).contains("/clone");
        Response mine = visitor.get("/api/v1/voices");
        assertThat(mine.status()).as("signed in right away").isEqualTo(200);
        assertThat(mine.json().get("items").get(0).get("name").asString()).isEqualTo("From before accounts");
        assertThat(visitor.get("/api/v1/account").json().get("role").asString()).isEqualTo("admin");
        assertThat(visitor.get("/api/v1/admin/users").json().get("items").get(0).get("last_login_at").isNull())
                .as("signing in by setting up counts as a sign-in").isFalse();

        ApiClient second = new ApiClient(port).withCookies();
        second.get("/login");
        Response again = second.postForm("/setup", Map.of("username", "intruder", "password", TestAccounts.PASSWORD,
                "confirm_password", TestAccounts.PASSWORD));
        assertThat(again.header("Location")).endsWith("/login");
        assertThat(second.get("/setup").header("Location")).endsWith("/login");
        assertThat(jdbc.sql("SELECT username FROM accounts").query(String.class).list()).containsExactly("owner");
        String hash = jdbc.sql("SELECT password_hash FROM accounts").query(String.class).single();
        assertThat(hash).startsWith("{argon2id}$argon2id$").doesNotContain(TestAccounts.PASSWORD);
    }
}
