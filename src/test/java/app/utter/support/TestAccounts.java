package app.utter.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import app.utter.accounts.Accounts;
import app.utter.accounts.Owner;

/**
 * Accounts for tests, made through the real flows: the admin set up on a fresh instance, others invited by the admin,
 * each signed in through the sign-in form and given an API key from the account API.
 */
public final class TestAccounts {

    public static final String ADMIN = "admin";
    public static final String PASSWORD = "correct horse battery staple";
    private static final AtomicInteger NEXT = new AtomicInteger();

    /** A signed-in person: their account, an API client using their API key, and one keeping their session. */
    public record TestUser(Owner owner, ApiClient api, ApiClient browser) {
        public String username() {
            return owner.username();
        }
    }

    private final Accounts accounts;
    private final ApiClient anonymous;

    public TestAccounts(Accounts accounts, int port) {
        this.accounts = accounts;
        this.anonymous = new ApiClient(port);
    }

    public ApiClient anonymous() {
        return anonymous;
    }

    /** The instance's admin, set up on first use with {@link #ADMIN} and {@link #PASSWORD}. */
    public TestUser admin() {
        if (accounts.needsSetup()) {
            accounts.setUpAdmin(ADMIN, PASSWORD, PASSWORD);
        }
        return signIn(ADMIN, PASSWORD);
    }

    /** A new ordinary account, invited by the admin, named {@code prefix} plus a number. */
    public TestUser newUser(String prefix) {
        if (accounts.needsSetup()) {
            accounts.setUpAdmin(ADMIN, PASSWORD, PASSWORD);
        }
        ApiClient admin = signedInBrowser(ADMIN, PASSWORD); // no API key: a long run would reach the admin's limit
        String link = admin.post("/api/v1/admin/invitations").json().get("url").asString();
        String invitation = link.substring(link.indexOf("invitation=") + "invitation=".length());
        String username = prefix.toLowerCase() + "-" + NEXT.incrementAndGet();
        accounts.signUp(username, PASSWORD, PASSWORD, invitation);
        return signIn(username, PASSWORD);
    }

    /** Signs in through the form, then makes an API key through the account API. */
    public TestUser signIn(String username, String password) {
        ApiClient browser = signedInBrowser(username, password);
        ApiClient.Response key = browser.postJson("/api/v1/account/api-keys", Map.of("name", "tests"));
        assertThat(key.status()).as(key.text()).isEqualTo(201);
        ApiClient api = anonymous.withApiKey(key.json().get("key").asString());
        ApiClient.Response me = api.get("/api/v1/account");
        return new TestUser(new Owner(me.json().get("id").asString(), username), api, browser);
    }

    /** A cookie-keeping client after a successful sign-in through the form. */
    public ApiClient signedInBrowser(String username, String password) {
        ApiClient browser = anonymous.withCookies();
        browser.get("/login"); // sets the CSRF cookie, as opening the page does
        ApiClient.Response signedIn = browser.postForm("/login", Map.of("username", username, "password", password));
        assertThat(signedIn.header("Location")).as("sign-in of " + username).endsWith("/generate");
        return browser;
    }
}
