package app.utter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import app.utter.support.BrowserFakeWorkerTest;
import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;
import app.utter.support.Browser;
import app.utter.tts.FakeWorker;

/**
 * The generate and history pages in headless Chromium, against the fake worker: playback, downloads, failures
 * in words with Retry, a reload mid-generation, history search, and the HTML error pages.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "utter.generation.retry-delay=50ms", "utter.tts.worker.max-retries=1", "utter.tts.worker.retry-delay=10ms"})
class GenerationPagesBrowserTests extends BrowserFakeWorkerTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        startWorker(registry, "generate-browser");
    }

    @Test
    void generateHearItEarlyDownloadAndFindItInHistory() throws Exception {
        AudioFixtures.Clip clip = AudioFixtures.voiceClips().getFirst();
        TestAccounts.TestUser user = new TestAccounts(accounts, port).newUser("listener");
        TestVoices.create(voices, user.owner(), "Storyteller", clip);
        worker.latency(Duration.ofMillis(1500), Duration.ZERO); // each chunk request takes 1.5 s: the whole takes several
        ApiClient api = user.api();

        try (BrowserContext context = browser.newContext(baseUrl())) {
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

            Locator player = page.locator("#player");
            page.waitForFunction("() => { const p = document.getElementById('player').dataset; "
                    + "return p.state === 'playing' && Number(p.time) > 0.2; }");
            String id = player.getAttribute("data-generation");
            Assertions.assertEquals("running", api.get("/api/v1/generations/" + id).json().get("status").asString(),
                    "playback started before the generation finished");
            assertThat(player.locator(".time")).containsText("~");

            // Seek across parts to just before the end of what is ready, while later parts are still being made.
            page.waitForFunction("() => Number(document.getElementById('player').dataset.ready) > 8");
            double ready = Double.parseDouble(player.getAttribute("data-ready"));
            double total = Double.parseDouble(player.getAttribute("data-duration"));
            com.microsoft.playwright.options.BoundingBox wave = player.locator(".wave").boundingBox();
            player.locator(".wave").click(new Locator.ClickOptions().setPosition((ready - 1.5) / total * wave.width,
                    wave.height / 2));
            double after = Double.parseDouble(player.getAttribute("data-time"));
            Assertions.assertTrue(after > ready - 2.5 && after > 4, "sought to " + after + " of " + ready + " ready");
            Assertions.assertEquals("running", api.get("/api/v1/generations/" + id).json().get("status").asString(),
                    "sought while later parts were still being made");

            assertThat(page.locator("#progress-text")).containsText("Done", new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            assertThat(player).hasAttribute("data-exact", "true",
                    new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
            double whole = Double.parseDouble(player.getAttribute("data-duration"));
            Assertions.assertEquals(api.get("/api/v1/generations/" + id).json().get("duration_seconds").asDouble(),
                    whole, 0.05, "the player holds the whole result");
            Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("MP3")).click());
            Assertions.assertTrue(download.suggestedFilename().endsWith(".mp3"), download.suggestedFilename());
            byte[] mp3 = Files.readAllBytes(download.path());
            Assertions.assertEquals("ID3", new String(mp3, 0, 3));

            // The next generation takes the player's place at once; the first one stops.
            page.getByLabel("Text").fill("A second, much shorter text.");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate")).click();
            page.waitForFunction("id => document.getElementById('player').dataset.generation !== id", id);
            assertThat(player).hasAttribute("data-exact", "true",
                    new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(30_000));
            Assertions.assertTrue(Double.parseDouble(player.getAttribute("data-duration")) < 2,
                    player.getAttribute("data-duration"));

            page.navigate("/history");
            Locator entry = page.locator(".generation").nth(1);
            assertThat(entry.locator("h2")).hasText("Storyteller");
            assertThat(entry).containsText("Once upon a time");
            entry.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Play")).click();
            page.waitForFunction("() => { const p = document.querySelectorAll('.generation .result-player')[1].dataset; "
                    + "return p.state === 'playing' && p.exact === 'true' && Number(p.time) > 0.2; }");
            Assertions.assertEquals(java.util.List.of(), scriptErrors);
        }
    }

    @Test
    void aFailureReadsAsASentenceAndRetrySucceedsOnceTheWorkerIsBack() {
        TestAccounts.TestUser user = speaker("retrier");
        worker.latency(Duration.ZERO, Duration.ZERO);
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = signedIn(context, user);
            assertThat(page.locator("#worker-state")).containsText("Speech worker ready");
            page.getByLabel("Text").fill("This will fail before it works.");
            // From here every request fails: 3 job attempts, each a request and the worker client's one retry.
            worker.fail(java.util.Collections.nCopies(6, FakeWorker.Fault.SERVER_ERROR).toArray(FakeWorker.Fault[]::new));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate")).click();

            Locator progress = page.locator("#progress-text");
            assertThat(progress).containsText("The speech worker was not available. Utter tried 3 times and stopped",
                    new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
            Assertions.assertFalse(progress.textContent().contains("http"), progress.textContent());
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Retry")).click();
            assertThat(progress).containsText("Done");
            assertThat(page.locator("#player")).hasAttribute("data-exact", "true",
                    new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(20_000));

            page.navigate("/history");
            assertThat(page.locator(".generation")).hasCount(1); // the retry took the failed one's place
        }
    }

    @Test
    void aReloadMidGenerationPicksUpTheLiveView() {
        TestAccounts.TestUser user = speaker("reloader");
        worker.latency(Duration.ofMillis(400), Duration.ZERO);
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = signedIn(context, user);
            page.getByLabel("Text").fill("A sentence that takes a while to speak. ".repeat(40));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate")).click();
            assertThat(page.locator("#progress-text")).containsText("Speaking");

            page.reload();

            assertThat(page.locator("#result")).isVisible();
            assertThat(page.getByLabel("Text")).hasValue(java.util.regex.Pattern.compile("^A sentence that takes"));
            assertThat(page.locator("#progress-text")).containsText("Done",
                    new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
        } finally {
            worker.latency(Duration.ZERO, Duration.ZERO);
        }
    }

    @Test
    void historyFindsByTextAndEveryFormatDownloadsAsPlayableAudio() throws Exception {
        TestAccounts.TestUser user = speaker("archivist");
        worker.latency(Duration.ZERO, Duration.ZERO);
        ApiClient api = user.api();
        for (String text : java.util.List.of("The harbour was quiet at dawn.", "Bread rises slowly in the cold.")) {
            String id = api.postJson("/api/v1/generations", java.util.Map.of("voice_id",
                    api.get("/api/v1/voices").json().get("items").get(0).get("id").asString(), "text", text))
                    .json().get("id").asString();
            api.awaitGeneration(id);
        }
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = signedIn(context, user);
            page.navigate("/history");
            assertThat(page.locator(".generation")).hasCount(2);
            page.getByPlaceholder("Search by text or voice").fill("harbour");
            assertThat(page.locator(".generation")).hasCount(1);
            Locator entry = page.locator(".generation").first();
            assertThat(entry).containsText("The harbour was quiet at dawn.");
            assertThat(entry.locator(".meta")).containsText("30 characters");

            java.util.Map<String, String> magic = java.util.Map.of("WAV", "RIFF", "MP3", "ID3", "Opus", "OggS",
                    "AAC", "ftyp", "FLAC", "fLaC");
            for (var format : magic.entrySet()) {
                Download download = page.waitForDownload(() -> entry.getByRole(AriaRole.LINK,
                        new Locator.GetByRoleOptions().setName(format.getKey()).setExact(true)).click());
                byte[] file = Files.readAllBytes(download.path());
                Assertions.assertTrue(new String(file, 0, 12, java.nio.charset.StandardCharsets.ISO_8859_1)
                        .contains(format.getValue()), format.getKey());
                Assertions.assertTrue(app.utter.audio.DecodedAudio.of(download.path()).seconds() > 0.2, format.getKey());
            }

            page.getByPlaceholder("Search by text or voice").fill("nothing like this");
            assertThat(page.locator("#no-match")).isVisible();
            page.getByPlaceholder("Search by text or voice").fill("");
            page.getByLabel("State").selectOption("failed");
            assertThat(page.locator("#no-match")).isVisible();
        }
    }

    @Test
    void browsersGetPagesForForbiddenAndUnknownAddresses() {
        TestAccounts.TestUser user = speaker("visitor");
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = signedIn(context, user);
            com.microsoft.playwright.Response forbidden = page.navigate("/admin/users");
            Assertions.assertEquals(403, forbidden.status());
            assertThat(page.locator("h1")).hasText("Admins only");
            assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Go to the home page"))).isVisible();

            com.microsoft.playwright.Response missing = page.navigate("/no-such-page");
            Assertions.assertEquals(404, missing.status());
            assertThat(page.locator("h1")).hasText("Page not found");
        }
        ApiClient.Response api = user.api().get("/api/v1/no-such-thing");
        Assertions.assertEquals(404, api.status());
        Assertions.assertEquals("application/problem+json", api.header("Content-Type"));
    }

    @Test
    void aVoiceIsHeardSpeakingASampleBesideItsClip() {
        TestAccounts.TestUser user = speaker("sampler");
        worker.latency(Duration.ZERO, Duration.ZERO);
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = signedIn(context, user);
            page.navigate("/voices");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Hear a sample")).click();
            page.waitForFunction("() => { const a = document.querySelector('audio.sample'); "
                    + "return a && !a.hidden && a.currentTime > 0.05; }");
        }
    }

    /** A new account with one voice. */
    private TestAccounts.TestUser speaker(String name) {
        TestAccounts.TestUser user = new TestAccounts(accounts, port).newUser(name);
        TestVoices.create(voices, user.owner(), "Storyteller", AudioFixtures.voiceClips().getFirst());
        return user;
    }

    /** Signed in, on the generate page with the voice chosen. */
    private static Page signedIn(BrowserContext context, TestAccounts.TestUser user) {
        Page page = context.newPage();
        Browser.signIn(page, user.username(), TestAccounts.PASSWORD);
        page.navigate("/generate");
        page.getByLabel("Voice", new Page.GetByLabelOptions().setExact(true))
                .selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("Storyteller · English"));
        return page;
    }
}
