package app.utter.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link FakeWorkerTest} with headless Chromium, whose microphone plays a fixture clip. */
public abstract class BrowserFakeWorkerTest extends FakeWorkerTest {

    protected static Browser browser;

    @BeforeAll
    static void startBrowser() {
        browser = new Browser(AudioFixtures.DIR.resolve("LJ001-0001.wav"));
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    protected String baseUrl() {
        return "http://localhost:" + port;
    }
}
