package app.utter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;

import app.utter.accounts.Accounts;
import app.utter.support.AudioFixtures;
import app.utter.support.Browser;
import app.utter.support.TestAccounts;
import app.utter.tts.PythonWorker;

/**
 * In real headless Chromium, on an Utter with no worker: a member's generate page says speech is not there yet
 * and whom to ask; the admin's Speech page says what installing takes, starts the worker (the fake engine: no
 * weights) with one click, and then the generate page says speech is ready. No console errors on the way.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SpeechPageBrowserTests {

    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @DynamicPropertySource
    static void freshInstance(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("utter-speech-browser-");
        registry.add("utter.data-dir", dir::toString);
        registry.add("utter.local-worker.engine", () -> "fake");
        registry.add("utter.local-worker.venv", () -> PythonWorker.PYTHON.getParent().getParent().toString());
    }

    @BeforeAll
    static void startBrowser() {
        Assumptions.assumeTrue(PythonWorker.unavailableBecause() == null || "true".equals(System.getenv("CI")),
                PythonWorker.unavailableBecause());
        browser = new Browser(AudioFixtures.DIR.resolve("LJ001-0001.wav"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theAdminStartsSpeechFromTheSpeechPageAndEveryoneIsToldWhereItStands() {
        TestAccounts people = new TestAccounts(accounts, port);
        people.admin();
        String member = people.newUser("member").username();
        List<String> errors = new CopyOnWriteArrayList<>();

        try (BrowserContext memberContext = browser.newContext("http://localhost:" + port)) {
            Page page = watched(memberContext.newPage(), errors);
            Browser.signIn(page, member, TestAccounts.PASSWORD);
            assertThat(page.locator("#worker-state")).hasText(
                    "Speech is not available on this Utter yet. Ask admin (admin) to set it up.");
        }

        try (BrowserContext adminContext = browser.newContext("http://localhost:" + port)) {
            Page page = watched(adminContext.newPage(), errors);
            Browser.signIn(page, TestAccounts.ADMIN, TestAccounts.PASSWORD);
            assertThat(page.locator("#worker-state").getByRole(AriaRole.LINK)).hasText("Set up speech");
            page.locator("#worker-state").getByRole(AriaRole.LINK).click();
            page.waitForURL("**/admin/speech");
            assertThat(page.locator("#now")).containsText("Nothing makes speech yet");
            assertThat(page.locator("#plan-packages")).hasText("about 50 MB to download, 150 MB on disk");
            assertThat(page.locator("#plan-disk")).containsText("GB");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Install and start")).click();
            assertThat(page.locator("#now")).containsText("The worker on this machine makes speech.",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(60_000));
            assertThat(page.locator("#plan-speed")).containsText("Measured here");
            assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop"))).isVisible();

            page.navigate("/generate");
            assertThat(page.locator("#worker-state")).containsText("Speech worker ready");
            page.navigate("/admin/speech");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop")).click();
            assertThat(page.locator("#now")).containsText("Nothing makes speech yet");
        }
        assertThat(errors).as("console errors, CSP violations included").isEmpty();
    }

    private static Page watched(Page page, List<String> errors) {
        page.onConsoleMessage(message -> {
            if (message.type().equals("error")) {
                errors.add(message.text());
            }
        });
        page.onPageError(errors::add);
        return page;
    }
}
