package app.utter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import app.utter.accounts.Accounts;
import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;
import app.utter.support.Browser;
import app.utter.tts.FakeWorker;
import app.utter.voices.VoiceLibrary;

/** The generate and history pages in headless Chromium, against the fake worker. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GenerationPagesBrowserTests {

    static FakeWorker worker;
    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    VoiceLibrary voices;

    @Autowired
    Accounts accounts;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        worker = new FakeWorker();
        Path dir = Files.createTempDirectory("utter-generate-browser-");
        registry.add("utter.data-dir", dir::toString);
        registry.add("utter.tts.worker.base-url", worker::baseUrl);
    }

    @BeforeAll
    static void startBrowser() {
        browser = new Browser(AudioFixtures.DIR.resolve("LJ001-0001.wav"));
    }

    @AfterAll
    static void stop() {
        browser.close();
        worker.close();
    }

    @Test
    void generateHearItEarlyDownloadAndFindItInHistory() throws Exception {
        AudioFixtures.Clip clip = AudioFixtures.voiceClips().getFirst();
        TestAccounts.TestUser user = new TestAccounts(accounts, port).newUser("listener");
        TestVoices.create(voices, user.owner(), "Storyteller", clip);
        worker.latency(Duration.ofMillis(700), Duration.ZERO); // each chunk request takes 0.7 s: the whole takes several
        ApiClient api = user.api();

        try (BrowserContext context = browser.newContext("http://localhost:" + port)) {
            Page page = context.newPage();
            java.util.List<String> scriptErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
            page.onPageError(scriptErrors::add);
            Browser.signIn(page, user.username(), TestAccounts.PASSWORD);
            page.navigate("/generate");
            assertThat(page.locator("#worker-state")).containsText("Speech worker ready");
            page.getByLabel("Voice", new Page.GetByLabelOptions().setExact(true)).selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("Storyteller · English"));
            String text = "Once upon a time there was a voice that could tell any story in any language. ".repeat(60);
            page.getByLabel("Text").fill(text);
            assertThat(page.locator("#text-counter")).containsText(String.format("%,d", text.length()));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate")).click();

            page.waitForFunction("() => { const p = document.getElementById('player'); return p.currentTime > 0.2 && !p.paused; }");
            String id = (String) page.evaluate("() => new URL(document.getElementById('player').src).pathname.split('/')[4]");
            String statusWhilePlaying = api.get("/api/v1/generations/" + id).json().get("status").asString();
            Assertions.assertEquals("running", statusWhilePlaying, "playback started before the generation finished");

            assertThat(page.locator("#progress-text")).containsText("Done", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("MP3")).click());
            Assertions.assertTrue(download.suggestedFilename().endsWith(".mp3"), download.suggestedFilename());
            byte[] mp3 = Files.readAllBytes(download.path());
            Assertions.assertEquals("ID3", new String(mp3, 0, 3));

            page.navigate("/history");
            Locator entry = page.locator(".generation").first();
            assertThat(entry.locator("h2")).hasText("Storyteller");
            assertThat(entry).containsText("Once upon a time");
            assertThat(entry.locator("audio")).isVisible();
            Assertions.assertEquals(java.util.List.of(), scriptErrors);
        }
    }
}
