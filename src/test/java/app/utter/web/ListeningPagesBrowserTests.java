package app.utter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

import app.utter.support.AudioFixtures;
import app.utter.support.Browser;
import app.utter.support.BrowserWorkerTest;
import app.utter.support.TestAccounts;

/**
 * In headless Chromium, against a worker that listens: a clip dropped on /clone has its transcript and language
 * filled in; the voice is saved, speaks, its speech downloads as SRT captions, and the word being said is
 * highlighted while it plays. A typed transcript that differs from the clip is shown beside what was heard.
 */
class ListeningPagesBrowserTests extends BrowserWorkerTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        startWorker(registry, Map.of());
    }

    @Test
    void aDroppedClipIsHeardSavedSpokenCaptionedAndFollowedWordByWord() throws Exception {
        TestAccounts.TestUser user = newUser("captions");
        List<String> errors = new CopyOnWriteArrayList<>();
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = Browser.watched(context.newPage(), errors, false);
            Browser.signIn(page, user.username(), TestAccounts.PASSWORD);
            page.navigate("/clone");

            drop(page, AudioFixtures.DIR.resolve("nature-en.wav"));

            assertThat(page.getByLabel("Transcript")).hasValue("Some call me nature, others call me mother nature.");
            assertThat(page.getByLabel("Language spoken in the clip")).hasValue("English");
            assertThat(page.locator("#heard-note")).containsText("heard automatically");
            page.getByLabel("Voice name").fill("Nature");
            page.getByLabel("I have the right to clone this voice").check();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create voice")).click();
            page.waitForURL("**/voices");
            assertThat(page.locator(".voice .meta").first()).containsText("transcript heard automatically");

            page.navigate("/generate");
            page.getByLabel("Voice", new Page.GetByLabelOptions().setExact(true))
                    .selectOption(new SelectOption().setLabel("Nature · English"));
            String text = "The quick brown fox jumps over the lazy dog, then sleeps in the warm afternoon sun.";
            page.getByLabel("Text").fill(text);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate")).click();
            assertThat(page.locator("#progress-text")).containsText("Done",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            assertThat(page.locator("#check-note .badge")).hasText("checked");

            Download download = page.waitForDownload(() -> page.getByRole(AriaRole.LINK,
                    new Page.GetByRoleOptions().setName("SRT")).click());
            String srt = Files.readString(download.path(), StandardCharsets.UTF_8);
            assertThat(download.suggestedFilename()).endsWith(".srt");
            assertThat(srt).startsWith("1\n00:00:0").contains(" --> ", "The quick brown fox");

            // Once done, the player holds the whole; playing it follows the words.
            assertThat(page.locator("#player")).hasAttribute("data-exact", "true");
            page.waitForFunction("() => document.getElementById('player').dataset.state !== 'playing'");
            page.locator("#player").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Play")).click();
            page.waitForFunction("() => document.querySelector('#spoken-text span.now') !== null");
            String highlighted = page.locator("#spoken-text span.now").first().textContent();
            assertThat(text).contains(highlighted);
            page.waitForFunction("() => document.querySelector('#spoken-text span.now')?.textContent !== '"
                    + highlighted + "'");
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void aTranscriptThatDiffersFromTheClipIsShownBesideWhatWasHeard() {
        TestAccounts.TestUser user = newUser("typist");
        List<String> errors = new CopyOnWriteArrayList<>();
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = Browser.watched(context.newPage(), errors, true);
            Browser.signIn(page, user.username(), TestAccounts.PASSWORD);
            page.navigate("/clone");
            page.getByLabel("Transcript").fill("Nothing like what the clip says, typed before choosing it.");
            page.locator("#audio-file").setInputFiles(AudioFixtures.DIR.resolve("LJ001-0001.wav"));
            assertThat(page.locator("#heard-note")).containsText("Your transcript is kept");

            page.getByLabel("Voice name").fill("Typist");
            page.getByLabel("I have the right to clone this voice").check();
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create voice")).click();

            assertThat(page.locator("#mismatch")).isVisible();
            assertThat(page.locator("#mismatch-heard")).hasText(AudioFixtures.voiceClips().stream()
                    .filter(c -> c.file().equals("LJ001-0001.wav")).findFirst().orElseThrow().transcript());
            assertThat(page.locator("#mismatch-typed")).containsText("Nothing like what the clip says");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save mine anyway")).click();
            page.waitForURL("**/voices");
            assertThat(page.locator(".voice .transcript").first()).hasText(
                    "Nothing like what the clip says, typed before choosing it.");
        }
        assertThat(errors).isEmpty();
    }

    /** Drops a file on the clone page's drop zone, as a person dragging it from their files does. */
    private static void drop(Page page, Path file) throws Exception {
        String base64 = Base64.getEncoder().encodeToString(Files.readAllBytes(file));
        page.evaluate("""
                ([name, base64]) => {
                  const bytes = Uint8Array.from(atob(base64), c => c.charCodeAt(0));
                  const files = new DataTransfer();
                  files.items.add(new File([bytes], name, { type: 'audio/wav' }));
                  document.getElementById('dropzone').dispatchEvent(
                      new DragEvent('drop', { dataTransfer: files, bubbles: true, cancelable: true }));
                }""", List.of(file.getFileName().toString(), base64));
    }
}
