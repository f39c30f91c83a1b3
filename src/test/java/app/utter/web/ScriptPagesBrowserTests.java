package app.utter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

import app.utter.audio.DecodedAudio;
import app.utter.support.AudioFixtures;
import app.utter.support.Browser;
import app.utter.support.BrowserFakeWorkerTest;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;

/**
 * The script pages in headless Chromium against the fake worker: a labelled dialogue pasted, its speakers given
 * voices, rendered and played whole; one line edited and rendered alone; the whole and its chapters downloaded.
 */
class ScriptPagesBrowserTests extends BrowserFakeWorkerTest {

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        startWorker(registry, "script-browser");
    }

    @Test
    void aPastedDialogueIsCastRenderedPlayedEditedAndExported() throws Exception {
        TestAccounts.TestUser user = newUser("playwright");
        List<AudioFixtures.Clip> clips = AudioFixtures.voiceClips();
        TestVoices.create(voices, user.owner(), "Ada", clips.get(0));
        TestVoices.create(voices, user.owner(), "Ben", clips.get(7));
        List<String> errors = new CopyOnWriteArrayList<>();
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = Browser.watched(context.newPage(), errors, false);
            Browser.signIn(page, user.username(), TestAccounts.PASSWORD);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Scripts")).click();
            page.waitForURL("**/scripts");

            page.getByLabel("Title").fill("Two at the door");
            page.getByLabel("Text", new Page.GetByLabelOptions().setExact(true)).fill("""
                    # The Door
                    Narrator: Someone knocked twice.
                    Guest: Is anybody home?
                    Narrator: Nobody moved.
                    """);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Find the speakers")).click();
            assertThat(page.locator("#cast-summary")).containsText("4 segments");
            page.getByLabel("Voice for Narrator").selectOption(new SelectOption().setLabel("Ada · English"));
            page.getByLabel("Voice for Guest").selectOption(new SelectOption().setLabel("Ben · English"));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create script")).click();
            page.waitForURL("**/scripts/*");
            assertThat(page.locator("#segments > li")).hasCount(4);
            assertThat(page.locator("#progress-text")).containsText("0 of 4 segments done");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Render what changed")).click();
            assertThat(page.locator("#progress-text")).containsText("4 of 4 segments done");
            page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                    .setPath(Path.of("target", "screenshots", "script-editor.png")));
            Locator whole = page.locator("#whole");
            assertThat(whole).isVisible();
            whole.evaluate("audio => audio.play()");
            page.waitForFunction("() => document.getElementById('whole').currentTime > 0.3");

            int before = synthesized().size();
            Locator guest = page.locator("#segments > li").nth(2);
            guest.getByLabel("Text of segment 3").fill("Is anybody home at all?");
            guest.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
            assertThat(guest.locator(".state")).hasText("to render");
            assertThat(page.locator("#progress-text")).containsText("1 to render");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Render what changed")).click();
            assertThat(page.locator("#message")).hasText("Rendering 1 segment.");
            assertThat(page.locator("#progress-text")).containsText("4 of 4 segments done");
            assertThat(synthesized().subList(before, synthesized().size())).containsExactly("Is anybody home at all?");

            page.locator("#format").selectOption("wav");
            Download file = page.waitForDownload(() -> page.getByRole(AriaRole.LINK,
                    new Page.GetByRoleOptions().setName("Download the whole script")).click());
            assertThat(file.suggestedFilename()).isEqualTo("Two at the door.wav");
            assertThat(DecodedAudio.of(file.path()).seconds()).isGreaterThan(1.0);
            Download zip = page.waitForDownload(() -> page.getByRole(AriaRole.LINK,
                    new Page.GetByRoleOptions().setName("Chapters as a ZIP")).click());
            try (ZipFile chapters = new ZipFile(zip.path().toFile())) {
                assertThat(chapters.stream().map(java.util.zip.ZipEntry::getName)).containsExactly("01 The Door.wav");
            }
        }
        assertThat(errors).isEmpty();
    }

    static List<String> synthesized() {
        return worker.requests().stream().filter(seen -> seen.path().equals("/v1/synthesize"))
                .map(seen -> seen.body().get("text").asString()).toList();
    }
}
