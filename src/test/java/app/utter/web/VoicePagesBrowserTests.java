package app.utter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;

import app.utter.accounts.Accounts;
import app.utter.support.TestAccounts;
import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.Browser;
import tools.jackson.databind.JsonNode;

/** The clone and voices pages in real headless Chromium, as a person uses them. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class VoicePagesBrowserTests {

    static Browser browser;

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    app.utter.voices.VoiceLibrary voices;

    BrowserContext context;
    Page page;
    TestAccounts.TestUser user;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("utter-browser-");
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
        user = new TestAccounts(accounts, port).newUser("cloner");
        Browser.signIn(page, user.username(), TestAccounts.PASSWORD);
    }

    @AfterEach
    void closePage() {
        context.close();
    }

    @Test
    void uploadListPlayRenameAndDelete() {
        page.navigate("/clone");
        page.getByLabel("Voice name").fill("Printing press");
        page.locator("#audio-file").setInputFiles(AudioFixtures.DIR.resolve("LJ001-0001.wav"));
        assertThat(page.locator("#clip-info")).containsText("LJ001-0001.wav");
        page.getByLabel("Transcript").fill("Printing, in the only sense with which we are at present concerned");
        assertThat(page.locator("#transcript-counter")).hasText("66 / 2,000");
        page.getByLabel("Language spoken in the clip").selectOption("English");
        page.getByLabel("I have the right to clone this voice").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create voice")).click();

        page.waitForURL("**/voices");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Voice created");
        Locator card = voiceCard("Printing press");
        assertThat(card).containsText("English");

        card.locator("audio").evaluate("audio => audio.play()");
        page.waitForFunction("() => document.querySelector('.voice audio').currentTime > 0.5");

        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Edit")).click();
        card.getByLabel("Name").fill("Gutenberg");
        card.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Save")).click();
        assertThat(voiceCard("Gutenberg")).isVisible();
        page.reload();
        assertThat(voiceCard("Gutenberg")).isVisible();

        voiceCard("Gutenberg").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).containsText("Gutenberg");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Delete")).click();
        assertThat(voiceCard("Gutenberg")).hasCount(0);
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("Deleted");
        Assertions.assertEquals(0, user.api().get("/api/v1/voices?q=Gutenberg").json().get("total").asInt());
    }

    @Test
    void aSecondVoiceOfTheSameNameIsRefusedAndAnEmptySearchSaysSo() {
        app.utter.support.TestVoices.create(voices, user.owner(), "Printing press", AudioFixtures.voiceClips().getFirst());
        page.navigate("/clone");
        page.getByLabel("Voice name").fill("printing press");
        page.locator("#audio-file").setInputFiles(AudioFixtures.DIR.resolve("LJ001-0001.wav"));
        page.getByLabel("Transcript").fill("Printing, in the only sense with which we are at present concerned");
        page.getByLabel("I have the right to clone this voice").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create voice")).click();

        assertThat(page.locator("#name-error")).hasText("You already have a voice named \u201cPrinting press\u201d; "
                + "choose another name, or use that voice.");

        page.navigate("/voices");
        app.utter.support.TestVoices.create(voices, user.owner(), "Anchor", AudioFixtures.voiceClips().getFirst());
        page.reload();
        assertThat(page.locator(".voice .voice-name")).hasText(new String[] {"Anchor", "Printing press"});
        page.getByLabel("Sort").selectOption("name");
        assertThat(page.locator(".voice .voice-name")).hasText(new String[] {"Anchor", "Printing press"});
        voiceCard("Printing press").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
                .setName("Favourite: Printing press")).click();
        assertThat(voiceCard("Printing press").locator(".favourite")).hasAttribute("aria-pressed", "true");
        page.reload();
        assertThat(page.locator(".voice .voice-name")).hasText(new String[] {"Printing press", "Anchor"});

        page.getByPlaceholder("Search by name").fill("zeppelin");
        assertThat(page.locator("#no-match")).hasText("No voice has \u201czeppelin\u201d in its name. Clear the "
                + "search to see them all.");
    }

    @Test
    void recordFromTheMicrophone() {
        page.navigate("/clone");
        page.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Record")).click();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start recording")).click();
        page.waitForFunction("() => Number(document.getElementById('level-meter').getAttribute('aria-valuenow')) > 5");
        page.waitForFunction("() => document.getElementById('record-timer').textContent === '0:05'");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Stop recording")).click();
        assertThat(page.locator("#clip-info")).containsText(Pattern.compile("recording\\.(webm|ogg)"));

        page.getByLabel("Voice name").fill("Recorded voice");
        page.getByLabel("Transcript").fill("Printing, in the only sense with which we are at present concerned");
        page.getByLabel("I have the right to clone this voice").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create voice")).click();

        page.waitForURL("**/voices");
        assertThat(voiceCard("Recorded voice")).isVisible();
        JsonNode voice = user.api().get("/api/v1/voices?q=Recorded").json().get("items").get(0);
        Assertions.assertEquals("matroska,webm", voice.get("source").get("format").asString());
        double seconds = voice.get("source").get("duration_seconds").asDouble();
        Assertions.assertTrue(seconds > 4 && seconds < 8, "recorded " + seconds + " s");
    }

    @Test
    void formShowsWhatToFixInline() {
        page.navigate("/clone");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create voice")).click();
        assertThat(page.locator("#name-error")).hasText("Give the voice a name.");
        assertThat(page.locator("#transcript-error")).containsText("transcript");
        assertThat(page.locator("#consent-error")).hasText("Confirm that you have the right to clone this voice.");
        assertThat(page.locator("#audio-error")).hasText("Choose a recording of the voice: WAV, MP3, M4A, FLAC, OGG or WebM.");
        assertThat(page.getByLabel("Voice name")).isFocused();

        page.getByLabel("Voice name").fill("Too short");
        page.locator("#audio-file").setInputFiles(AudioFixtures.TOO_SHORT.path());
        page.getByLabel("Transcript").fill(AudioFixtures.TOO_SHORT.transcript());
        page.getByLabel("I have the right to clone this voice").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create voice")).click();
        assertThat(page.locator("#audio-error")).containsText("at least 3 s");
    }

    private Locator voiceCard(String name) {
        return page.locator(".voice").filter(new Locator.FilterOptions()
                .setHas(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(name))));
    }
}
