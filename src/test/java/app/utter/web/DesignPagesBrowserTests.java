package app.utter.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.SelectOption;

import app.utter.support.Browser;
import app.utter.support.BrowserWorkerTest;
import app.utter.support.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * In headless Chromium, against a worker that designs voices and has preset speakers: a voice is described, its
 * takes are heard side by side and one is kept, then spoken on /generate with its description shown; a preset
 * speaker is picked from its own group and told how to speak, on /generate and in a script's segment.
 */
class DesignPagesBrowserTests extends BrowserWorkerTest {

    static final String DESCRIPTION = "An old lighthouse keeper, gravelly and kind, with a slow Cornish lilt.";

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        startWorker(registry, Map.of("UTTER_DESIGN_MODEL", "Qwen/Qwen3-TTS-12Hz-1.7B-VoiceDesign",
                "UTTER_PRESET_MODEL", "Qwen/Qwen3-TTS-12Hz-1.7B-CustomVoice"));
    }

    @Test
    void aDescribedVoiceIsAuditionedKeptAndSpoken() {
        TestAccounts.TestUser user = newUser("designer");
        List<String> errors = new CopyOnWriteArrayList<>();
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = Browser.watched(context.newPage(), errors, false);
            Browser.signIn(page, user.username(), TestAccounts.PASSWORD);
            page.getByRole(AriaRole.NAVIGATION, new Page.GetByRoleOptions().setName("Main"))
                    .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Design"))
                    .click();
            page.waitForURL("**/design");

            page.getByLabel("Description").fill(DESCRIPTION);
            String line = "The lamp has burned every night for ninety years, and tonight is no different.";
            page.getByLabel("A line for it to say").fill(line);
            assertThat(page.locator("#cost")).containsText(3 * line.length() + " characters");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Design")).click();

            assertThat(page.locator(".candidate")).hasCount(3, new LocatorAssertions.HasCountOptions().setTimeout(20_000));
            for (int take = 0; take < 3; take++) { // each take's player has its audio ready to play
                page.waitForFunction("i => document.querySelectorAll('.candidate audio')[i].readyState >= 1", take);
            }
            List<Object> durations = (List<Object>) page.evaluate(
                    "() => [...document.querySelectorAll('.candidate audio')].map(a => a.duration)");
            assertThat(durations).allSatisfy(d -> assertThat(((Number) d).doubleValue()).isGreaterThan(3.0));
            page.getByLabel("Take 2").first().check();
            page.getByLabel("Voice name").fill("Lighthouse keeper");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Keep this voice")).click();
            assertThat(page.locator("#saved")).containsText("“Lighthouse keeper” is one of your voices now.");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Generate speech with it")).click();
            page.waitForURL("**/generate?voice=*");
            assertThat(page.locator("#voice-description")).hasText("Designed from: “" + DESCRIPTION + "”");
            assertThat(page.locator("#instructions-field")).isHidden();
            assertThat(page.locator("#instructions-note")).containsText("Cloned voices speak as their clip does");
            page.getByLabel("Text").fill("A light in the dark, for anyone still at sea.");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate")).click();
            assertThat(page.locator("#progress-text")).containsText("Done",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));

            page.navigate("/voices");
            assertThat(page.locator(".voice .designed").first()).hasText("Designed from: “" + DESCRIPTION + "”");
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void aPresetSpeakerIsPickedFromItsGroupAndToldHowToSpeak() {
        TestAccounts.TestUser user = newUser("director");
        List<String> errors = new CopyOnWriteArrayList<>();
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = Browser.watched(context.newPage(), errors, false);
            Browser.signIn(page, user.username(), TestAccounts.PASSWORD);
            page.navigate("/generate");

            assertThat(page.locator("#voice optgroup[label='Preset speakers'] option")).hasCount(9);
            page.getByLabel("Voice", new Page.GetByLabelOptions().setExact(true))
                    .selectOption(new SelectOption().setLabel("Sohee · Korean"));
            assertThat(page.locator("#voice-description")).not().isEmpty();
            page.getByLabel("How to speak").fill("Softly and slowly, like a bedtime story.");
            page.getByLabel("Text").fill("안녕하세요, 오늘 밤은 조용하고 따뜻합니다.");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Generate")).click();
            assertThat(page.locator("#progress-text")).containsText("Done",
                    new LocatorAssertions.ContainsTextOptions().setTimeout(30_000));

            JsonNode generation = user.api().get("/api/v1/generations").json().get("items").get(0);
            assertThat(generation.get("voice_id").asString()).isEqualTo("preset:sohee");
            assertThat(generation.get("language").asString()).isEqualTo("Korean");
            assertThat(generation.get("instructions").asString()).isEqualTo("Softly and slowly, like a bedtime story.");

            page.navigate("/history");
            assertThat(page.locator(".meta").first()).containsText("spoken “Softly and slowly, like a bedtime story.”");
        }
        assertThat(errors).isEmpty();
    }

    @Test
    void aScriptSegmentInAPresetVoiceIsToldHowToSpeak() {
        TestAccounts.TestUser user = newUser("narrator");
        String id = user.api().postJson("/api/v1/scripts", Map.of("title", "Bedtime", "segments", List.of(
                Map.of("text", "Once upon a time, a small fox lived by the sea.", "voice_id", "preset:sohee",
                        "language", "English")))).json().get("id").asString();
        List<String> errors = new CopyOnWriteArrayList<>();
        try (BrowserContext context = browser.newContext(baseUrl())) {
            Page page = Browser.watched(context.newPage(), errors, false);
            Browser.signIn(page, user.username(), TestAccounts.PASSWORD);
            page.navigate("/scripts/" + id);

            page.getByLabel("How segment 1 is spoken").fill("Softly, like a bedtime story.");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save")).click();
            assertThat(page.locator("#message")).containsText("Saved; render to hear it.");
            JsonNode segment = user.api().get("/api/v1/scripts/" + id).json().get("segments").get(0);
            assertThat(segment.get("instructions").asString()).isEqualTo("Softly, like a bedtime story.");

            page.reload();
            assertThat(page.getByLabel("How segment 1 is spoken")).hasValue("Softly, like a bedtime story.");
        }
        assertThat(errors).isEmpty();
    }
}
