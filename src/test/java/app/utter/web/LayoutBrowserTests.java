package app.utter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;

import app.utter.support.BrowserFakeWorkerTest;
import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.Browser;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;

/**
 * Every page at a desktop (1366×900) and a phone (390×844) width, as the admin with a voice and a finished
 * generation: nothing scrolls sideways, no console errors. Screenshots go to target/screenshots for a look.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LayoutBrowserTests extends BrowserFakeWorkerTest {

    static final Path SHOTS = Path.of("target", "screenshots");
    static final List<String> PAGES = List.of("/generate", "/history", "/clone", "/design", "/voices", "/dictionary", "/scripts",
            "/account",
            "/admin/users", "/admin/speech", "/api-docs", "/no-such-page");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        startWorker(registry, "layout");
    }

    @BeforeAll
    static void screenshotFolder() throws Exception {
        Files.createDirectories(SHOTS);
    }

    @ParameterizedTest
    @ValueSource(ints = {1366, 390})
    void everyPageFitsTheWidthWithoutErrors(int width) throws Exception {
        TestAccounts.TestUser admin = new TestAccounts(accounts, port).admin();
        ApiClient api = admin.api();
        if (api.get("/api/v1/voices").json().get("total").asInt() == 0) {
            String voice = TestVoices.create(voices, admin.owner(), "Storyteller", AudioFixtures.voiceClips().getFirst())
                    .id();
            api.awaitGeneration(api.postJson("/api/v1/generations", java.util.Map.of("voice_id", voice, "text",
                    "The harbour was quiet at dawn, and the boats rocked gently.")).json().get("id").asString());
        }
        String result = "/generate?generation=" + api.get("/api/v1/generations").json().get("items").get(0).get("id")
                .asString();
        List<String> problems = new CopyOnWriteArrayList<>();
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = context.newPage();
            page.setViewportSize(width, width > 1000 ? 900 : 844);
            page.onPageError(error -> problems.add(page.url() + ": " + error));
            page.onConsoleMessage(message -> {
                if (message.type().equals("error") && !message.text().contains("404")) { // the 404 page's own status
                    problems.add(page.url() + ": " + message.text());
                }
            });
            Browser.signIn(page, TestAccounts.ADMIN, TestAccounts.PASSWORD);
            for (String path : java.util.stream.Stream.concat(PAGES.stream(), java.util.stream.Stream.of(result))
                    .toList()) {
                page.navigate(path);
                page.waitForLoadState(com.microsoft.playwright.options.LoadState.NETWORKIDLE);
                page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                        .setPath(SHOTS.resolve(path.substring(1).replaceAll("[/?=]", "-").replaceAll("-[0-9a-f-]{36}$",
                                "-result") + "-" + width + ".png")));
                Object overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth");
                assertThat(((Number) overflow).intValue()).as("sideways scroll on " + path + " at " + width).isLessThanOrEqualTo(0);
            }
        }
        assertThat(problems).isEmpty();
    }
}
