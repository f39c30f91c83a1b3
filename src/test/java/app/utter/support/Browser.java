package app.utter.support;

import java.nio.file.Path;
import java.util.List;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;

/**
 * Debian's headless Chromium driven by Playwright, with a fake microphone that plays a real speech clip.
 * Closing it closes the browser and the driver.
 */
public final class Browser implements AutoCloseable {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final Playwright playwright;
    private final com.microsoft.playwright.Browser chromium;

    public Browser(Path microphoneWav) {
        playwright = Playwright.create();
        chromium = playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(CHROMIUM)
                .setHeadless(true)
                .setArgs(List.of(
                        "--use-fake-ui-for-media-stream",
                        "--use-fake-device-for-media-stream",
                        "--use-file-for-fake-audio-capture=" + microphoneWav.toAbsolutePath(),
                        "--autoplay-policy=no-user-gesture-required",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--disable-quic",
                        "--no-first-run")));
    }

    /** A fresh browser profile whose pages may use the microphone on {@code baseUrl}. */
    public BrowserContext newContext(String baseUrl) {
        BrowserContext context = chromium.newContext(new NewContextOptions().setBaseURL(baseUrl));
        context.grantPermissions(List.of("microphone"), new BrowserContext.GrantPermissionsOptions().setOrigin(baseUrl));
        context.setDefaultTimeout(15_000);
        return context;
    }

    /** Signs in through the sign-in page, as a person would; the page ends on the generate page. */
    public static void signIn(Page page, String username, String password) {
        page.navigate("/login");
        page.getByLabel("Username").fill(username);
        page.getByLabel("Password").fill(password);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in")).click();
        page.waitForURL("**/generate");
    }

    /** Collects script errors and console errors; {@code refusalsExpected}: a 4xx answer the page shows is not one. */
    public static Page watched(Page page, List<String> errors, boolean refusalsExpected) {
        page.onPageError(errors::add);
        page.onConsoleMessage(message -> {
            boolean refusal = message.text().startsWith("Failed to load resource: the server responded with a "
                    + "status of 4");
            if (message.type().equals("error") && !(refusalsExpected && refusal)) {
                errors.add(message.text());
            }
        });
        return page;
    }

    @Override
    public void close() {
        chromium.close();
        playwright.close();
    }
}
