package app.utter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.RequestOptions;

import app.utter.support.AudioFixtures;
import app.utter.support.Browser;

/**
 * A fresh instance in real headless Chromium: the first visitor sets up the admin, creates a voice, makes an API key,
 * logs out, and then the voice is out of reach. No page breaks the content security policy along the way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AccountPagesBrowserTests {

    static final String PASSWORD = "a long and private passphrase";
    static Browser browser;

    @LocalServerPort
    int port;

    BrowserContext context;
    Page page;
    final List<String> consoleErrors = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void freshInstance(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("utter-account-browser-");
        registry.add("utter.data-dir", dir::toString);
    }

    @BeforeAll
    static void startBrowser() {
        browser = new Browser(AudioFixtures.DIR.resolve("LJ001-0001.wav"));
    }

    @AfterAll
    static void stopBrowser() {
        browser.close();
    }

    @BeforeEach
    void openPage() {
        context = browser.newContext("http://localhost:" + port);
        page = context.newPage();
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                consoleErrors.add(message.text());
            }
        });
        page.onPageError(consoleErrors::add);
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    @Test
    void setUpTheAdminCreateAVoiceLogOutAndTheVoiceIsOutOfReach() {
        page.navigate("/");
        page.waitForURL("**/setup");
        page.getByLabel("Username").fill("Ada");
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill("too short");
        page.getByLabel("Password again").fill("too short");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create admin account")).click();
        assertThat(page.locator("body")).containsText("at least 10 characters");

        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(PASSWORD);
        page.getByLabel("Password again").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create admin account")).click();
        page.waitForURL("**/clone?welcome");

        page.getByLabel("Voice name").fill("Printing press");
        page.locator("#audio-file").setInputFiles(AudioFixtures.DIR.resolve("LJ001-0001.wav"));
        page.getByLabel("Transcript").fill("Printing, in the only sense with which we are at present concerned");
        page.getByLabel("Language spoken in the clip").selectOption("English");
        page.getByLabel("I have the right to clone this voice").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create voice")).click();
        page.waitForURL("**/voices");
        Locator card = page.locator(".voice").filter(new Locator.FilterOptions().setHasText("Printing press"));
        assertThat(card.locator(".consent")).containsText("accepted by ada on");
        String audioUrl = card.locator("audio").getAttribute("src");

        page.navigate("/account");
        page.getByLabel("Name of the new key").fill("Laptop script");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create key")).click();
        assertThat(page.locator("#new-key")).isVisible();
        assertThat(page.locator("#new-key")).containsText("It will not be shown again");
        assertThat(page.locator("#new-key-value")).hasText(Pattern.compile("utk_\\S{20,}"));
        String key = page.locator("#new-key-value").textContent();
        assertThat(key).startsWith("utk_");
        assertThat(page.locator("#key-list")).containsText("Laptop script");
        assertThat(page.locator("#usage-voices")).containsText("1");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log out")).click();
        page.waitForURL("**/login?signed-out");

        page.navigate("/voices");
        page.waitForURL("**/login");
        assertThat(page.locator(".voice")).hasCount(0);
        assertThat(page.locator("body")).not().containsText("Printing press");
        assertThat(page.request().get("/api/v1/voices").status()).isEqualTo(401);
        assertThat(page.request().get(audioUrl).status()).isEqualTo(401);
        page.navigate("/setup");
        page.waitForURL("**/login");

        APIResponse withKey = page.request().get("/api/v1/voices",
                RequestOptions.create().setHeader("Authorization", "Bearer " + key));
        assertThat(withKey.status()).as("the key works without a session").isEqualTo(200);
        assertThat(withKey.text()).contains("Printing press");

        page.navigate("/login");
        page.getByLabel("Username").fill("ada");
        page.getByLabel("Password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL(Pattern.compile(".*/voices(\\?continue)?$")); // back to the page that asked for sign-in
        assertThat(card).isVisible();
        page.navigate("/account");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Revoke Laptop script")).click();
        page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Revoke")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Revoked");
        assertThat(page.locator("#no-keys")).isVisible();
        assertThat(page.request().get("/api/v1/voices", RequestOptions.create()
                .setHeader("Authorization", "Bearer " + key)).status()).isEqualTo(401);

        page.navigate("/admin/users");
        assertThat(page.locator("main")).containsText("ada");
        assertThat(consoleErrors).as("console errors, CSP violations included").isEmpty();
    }

    @Test
    void theApiDocumentationRendersUnderThePolicy() {
        page.navigate("/swagger-ui/index.html");
        // Swagger UI loads its description after the page: on a busy 2-core machine that can take a while.
        assertThat(page.locator(".swagger-ui .info .title")).containsText("Utter",
                new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        assertThat(page.locator(".opblock-summary-path").first()).isVisible();
        assertThat(consoleErrors).as("console errors, CSP violations included").isEmpty();
    }

    @Test
    void pagesSendASecurityPolicyThatForbidsInlineScript() {
        APIResponse login = page.request().get("/login");
        Map<String, String> headers = login.headers();
        assertThat(headers.get("content-security-policy")).contains("script-src 'self'").doesNotContain("unsafe-inline");
        assertThat(headers.get("x-frame-options")).isEqualTo("DENY");
        assertThat(headers.get("x-content-type-options")).isEqualTo("nosniff");
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(login.text()).find())
                .as("no inline script on the page").isFalse();
    }
}
