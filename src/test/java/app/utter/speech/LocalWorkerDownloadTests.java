package app.utter.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.accounts.Accounts;
import app.utter.support.TestAccounts;
import tools.jackson.databind.JsonNode;

/**
 * The first start of a local worker downloads its model, against a stand-in for the weights host (a real HTTP
 * server serving a tiny checkpoint, slowed down, whose connection breaks once half way through the weights): the
 * admin sees the download's progress, the broken download as a failure to retry, and on retry it completes and the
 * worker starts from the downloaded weights.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalWorkerDownloadTests {

    static final String REPO = "utter-test/Tiny-TTS";
    static Process hub;
    static String hubUrl;
    static long weightsBytes;

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    TestAccounts.TestUser admin;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        if (RealEngine.missing(LocalWorkerTests.VENV) == null) {
            startHub(); // else the test is skipped (or fails on CI) in admin(), before the app is asked anything
        }
        registry.add("utter.data-dir", LocalWorkerStates::dataDir);
        registry.add("utter.local-worker.venv", LocalWorkerTests.VENV::toString);
        registry.add("utter.local-worker.model", () -> REPO);
        registry.add("utter.local-worker.hub-endpoint", () -> hubUrl == null ? "" : hubUrl);
    }

    /** A tiny Qwen3-TTS checkpoint with random weights, served as REPO at 2 MB/s, its weights cut once at 1 MB. */
    static void startHub() throws Exception {
        Path checkpoint = Files.createTempDirectory("utter-hub-");
        Path python = LocalWorkerTests.VENV.resolve("bin").resolve("python");
        Process write = new ProcessBuilder(python.toString(), "-c", "import sys; from utter_worker.random_model import "
                + "write_random_checkpoint; write_random_checkpoint(sys.argv[1], 'tiny')", checkpoint.toString())
                .directory(Path.of("worker").toFile()).inheritIO().start();
        assertThat(write.waitFor(120, TimeUnit.SECONDS) && write.exitValue() == 0).isTrue();
        try (var files = Files.walk(checkpoint)) {
            weightsBytes = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
        hub = new ProcessBuilder(python.toString(), "worker/tests/hub_standin.py", "--root", checkpoint.toString(),
                "--repo", REPO, "--rate", "2000000", "--drop-after", "model.safetensors:1000000")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        hubUrl = new BufferedReader(new InputStreamReader(hub.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertThat(hubUrl).startsWith("http://");
    }

    @AfterAll
    static void stopHub() {
        if (hub != null) {
            hub.destroyForcibly();
        }
    }

    @BeforeAll
    void admin() {
        RealEngine.requireInstalled(LocalWorkerTests.VENV);
        admin = new TestAccounts(accounts, port).admin();
    }

    @Test
    void theDownloadShowsItsProgressAndABrokenOneCompletesWhenTriedAgain() throws Exception {
        assertThat(LocalWorkerStates.now(admin.browser()).get("phase").asString()).isEqualTo("offered");
        assertThat(LocalWorkerStates.now(admin.browser()).get("plan").get("model").asString()).isEqualTo(REPO);

        assertThat(admin.browser().post("/api/v1/admin/speech/local").status()).isEqualTo(202);
        List<JsonNode> seen = LocalWorkerStates.until(admin.browser(), "failed");
        JsonNode failed = seen.getLast();
        assertThat(failed.get("detail").asString()).contains("run again").doesNotContain("Traceback");

        assertThat(admin.browser().post("/api/v1/admin/speech/local").status()).isEqualTo(202); // "Try again"
        seen.addAll(LocalWorkerStates.until(admin.browser(), "ready"));

        List<JsonNode> downloading = seen.stream().filter(s -> s.get("phase").asString().equals("downloading")
                && s.path("progress").isObject()).toList();
        assertThat(downloading).isNotEmpty();
        assertThat(downloading.getLast().get("progress").get("total").asLong()).isEqualTo(weightsBytes);
        assertThat(downloading.stream().mapToLong(s -> s.get("progress").get("done").asLong()).max().orElse(0))
                .isPositive();
        assertThat(admin.browser().get("/api/v1/admin/speech/log").text()).contains("utter_worker.fetch");
    }
}
