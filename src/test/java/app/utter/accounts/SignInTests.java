package app.utter.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.TestAccounts;

/** Signing in and what guards it: guessing slowed, CSRF, disabled accounts, password changes, headers, sign-up. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"utter.accounts.login.max-failures=5", "utter.accounts.login.lockout=3s"})
class SignInTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("utter-sign-in-");
        registry.add("utter.data-dir", dir::toString);
    }

    TestAccounts testAccounts() {
        return new TestAccounts(accounts, port);
    }

    Response signIn(ApiClient browser, String username, String password) {
        browser.get("/login");
        return browser.postForm("/login", Map.of("username", username, "password", password));
    }

    String problemShown(ApiClient browser, Response signIn) {
        return browser.get(signIn.header("Location")).text();
    }

    @Test
    void repeatedWrongPasswordsPauseSignInEvenWithTheRightOne() throws Exception {
        String victim = testAccounts().newUser("victim").username();
        String bystander = testAccounts().newUser("bystander").username();
        ApiClient attacker = new ApiClient(port).withCookies();

        for (int attempt = 1; attempt <= 5; attempt++) {
            Response wrong = signIn(attacker, victim, "guess number " + attempt);
            assertThat(wrong.header("Location")).endsWith("/login?error");
            assertThat(problemShown(attacker, wrong)).contains("Wrong username or password.");
        }
        Response right = signIn(attacker, victim, TestAccounts.PASSWORD);
        assertThat(right.header("Location")).as("the right password is refused while paused").endsWith("/login?error");
        assertThat(problemShown(attacker, right)).contains("Too many failed sign-in attempts");
        assertThat(attacker.get("/api/v1/account").status()).isEqualTo(401);

        ApiClient other = new ApiClient(port).withCookies();
        assertThat(signIn(other, bystander, TestAccounts.PASSWORD).header("Location"))
                .as("other accounts are not paused").endsWith("/generate");

        Thread.sleep(3_100); // the configured pause
        ApiClient later = new ApiClient(port).withCookies();
        assertThat(signIn(later, victim, TestAccounts.PASSWORD).header("Location")).endsWith("/generate");
    }

    @Test
    void stateChangingRequestsFromASessionNeedTheCsrfToken() {
        TestAccounts.TestUser user = testAccounts().newUser("csrf");
        ApiClient withoutToken = new ApiClient(port).withCookies();
        signIn(withoutToken, user.username(), TestAccounts.PASSWORD);
        ApiClient forged = withoutToken.withoutCsrfHeader();

        Response refused = forged.postJson("/api/v1/account/api-keys", Map.of("name", "forged"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("detail").asString()).contains("Reload the page");
        assertThat(user.browser().postJson("/api/v1/account/api-keys", Map.of("name", "real")).status()).isEqualTo(201);
    }

    @Test
    void aDisabledAccountIsLockedOutEverywhereAtOnce() {
        TestAccounts.TestUser user = testAccounts().newUser("leaver");
        ApiClient admin = testAccounts().admin().browser();
        assertThat(user.browser().get("/api/v1/voices").status()).isEqualTo(200);

        Response disabled = admin.patchJson("/api/v1/admin/users/" + user.owner().id(), Map.of("enabled", false));
        assertThat(disabled.status()).isEqualTo(200);
        assertThat(disabled.json().get("enabled").asBoolean()).isFalse();

        assertThat(user.api().get("/api/v1/voices").status()).as("API key").isEqualTo(401);
        assertThat(user.browser().get("/api/v1/voices").status()).as("open session").isEqualTo(401);
        ApiClient again = new ApiClient(port).withCookies();
        Response signIn = signIn(again, user.username(), TestAccounts.PASSWORD);
        assertThat(problemShown(again, signIn)).contains("This account is disabled");

        admin.patchJson("/api/v1/admin/users/" + user.owner().id(), Map.of("enabled", true));
        assertThat(user.api().get("/api/v1/voices").status()).isEqualTo(200);
        Response self = admin.patchJson("/api/v1/admin/users/" + testAccounts().admin().owner().id(),
                Map.of("enabled", false));
        assertThat(self.status()).isEqualTo(409);
    }

    @Test
    void changingThePasswordChecksTheOldOneAndEndsOtherSessions() {
        TestAccounts.TestUser user = testAccounts().newUser("changer");
        ApiClient otherDevice = testAccounts().signedInBrowser(user.username(), TestAccounts.PASSWORD);

        Response wrong = user.browser().postJson("/api/v1/account/password",
                Map.of("current_password", "not my password", "new_password", "a brand new passphrase"));
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("errors").get(0).get("field").asString()).isEqualTo("current_password");

        Response changed = user.browser().postJson("/api/v1/account/password",
                Map.of("current_password", TestAccounts.PASSWORD, "new_password", "a brand new passphrase"));
        assertThat(changed.status()).isEqualTo(204);
        assertThat(user.browser().get("/api/v1/account").status()).as("this session stays").isEqualTo(200);
        assertThat(otherDevice.get("/api/v1/account").status()).as("other sessions end").isEqualTo(401);
        assertThat(signIn(new ApiClient(port).withCookies(), user.username(), TestAccounts.PASSWORD)
                .header("Location")).endsWith("/login?error");
        assertThat(signIn(new ApiClient(port).withCookies(), user.username(), "a brand new passphrase")
                .header("Location")).endsWith("/generate");
    }

    @Test
    void pagesCarryAStrictContentSecurityPolicyAndSecurityHeaders() {
        ApiClient browser = testAccounts().admin().browser();
        for (String page : new String[] {"/login", "/generate", "/clone", "/voices", "/history", "/account", "/admin/users"}) {
            Response answer = browser.get(page);
            assertThat(answer.header("Content-Security-Policy")).as(page)
                    .contains("script-src 'self'").contains("object-src 'none'").contains("frame-ancestors 'none'")
                    .doesNotContain("unsafe-inline");
            assertThat(answer.header("X-Content-Type-Options")).as(page).isEqualTo("nosniff");
            assertThat(answer.header("X-Frame-Options")).as(page).isEqualTo("DENY");
            assertThat(answer.text()).as(page).doesNotContain("<script>").doesNotContain(" style=\"")
                    .doesNotContain(" onclick=");
        }
    }

    @Test
    void signUpNeedsAnInvitationThatWorksOnce() {
        ApiClient stranger = new ApiClient(port).withCookies();
        stranger.get("/login");
        assertThat(stranger.get("/signup").text()).contains("by invitation");
        Response uninvited = stranger.postForm("/signup", Map.of("username", "uninvited",
                "password", TestAccounts.PASSWORD, "confirm_password", TestAccounts.PASSWORD));
        assertThat(uninvited.text()).contains("by invitation");

        String link = testAccounts().admin().browser().post("/api/v1/admin/invitations").json().get("url").asString();
        String invitation = link.substring(link.indexOf("invitation=") + "invitation=".length());
        Response joined = stranger.postForm("/signup", Map.of("username", "invited", "password", TestAccounts.PASSWORD,
                "confirm_password", TestAccounts.PASSWORD, "invitation", invitation));
        assertThat(joined.header("Location")).contains("/clone");
        assertThat(stranger.get("/api/v1/account").json().get("username").asString()).isEqualTo("invited");

        ApiClient late = new ApiClient(port).withCookies();
        late.get("/login");
        assertThat(late.get("/signup?invitation=" + invitation).text()).contains("expired or was already used");
    }
}
