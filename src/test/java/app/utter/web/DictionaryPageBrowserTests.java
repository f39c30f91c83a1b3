package app.utter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import app.utter.support.Browser;
import app.utter.support.BrowserWorkerTest;
import app.utter.support.TestAccounts;

/** In headless Chromium: a rule added on /dictionary shows in the preview; a PLS file is imported, its skips listed. */
class DictionaryPageBrowserTests extends BrowserWorkerTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        startWorker(registry, Map.of());
    }

    @Test
    void aRuleIsAddedPreviewedAndALexiconImported() throws Exception {
        TestAccounts.TestUser user = newUser("speller");
        List<String> errors = new CopyOnWriteArrayList<>();
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = Browser.watched(context.newPage(), errors, false);
            Browser.signIn(page, user.username(), TestAccounts.PASSWORD);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Pronunciations")).click();
            page.waitForURL("**/dictionary");

            page.getByLabel("Word or phrase").fill("SQL");
            page.getByLabel("Said as").fill("sequel");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add rule")).click();
            assertThat(page.locator("#message")).hasText("“SQL” is said as “sequel” from now on.");
            assertThat(page.locator("#rules tr")).hasCount(1);

            page.getByLabel("A text").fill("Our SQL tables and MySQL.");
            assertThat(page.locator("#preview")).hasText("Our sequel tables and MySQL.");

            page.locator("#import-file").setInputFiles(Path.of("src/test/resources/lexicons/tech-terms.pls"));
            assertThat(page.locator("#message")).containsText("3 rules imported from tech-terms.pls");
            assertThat(page.locator("#skipped li")).hasCount(3);
            assertThat(page.locator("#skipped li").nth(1)).containsText("Line 18, “Siobhán”: phoneme entries");
            assertThat(page.locator("#rules tr")).hasCount(4);
            assertThat(page.locator("#rule-count")).hasText("4 / 500");
        }
        assertThat(errors).isEmpty();
    }
}
