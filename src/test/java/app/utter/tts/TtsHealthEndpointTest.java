package app.utter.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.accounts.Accounts;
import app.utter.support.ApiClient;
import app.utter.support.TestAccounts;
import tools.jackson.databind.JsonNode;

/** The whole app without a TTS worker configured: it starts, and its health stays UP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TtsHealthEndpointTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("utter-tts-").toString();
        registry.add("utter.data-dir", () -> dir);
    }

    @Autowired
    Accounts accounts;

    @Test
    void healthIsUpWithTheWorkerUnknown() {
        ApiClient.Response response = new TestAccounts(accounts, port).admin().api().get("/actuator/health");

        JsonNode health = response.json();
        assertThat(response.status()).isEqualTo(200);
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode worker = health.get("components").get("ttsWorker");
        assertThat(worker.get("status").asString()).isEqualTo("UNKNOWN");
        assertThat(worker.get("details").get("worker").asString()).isEqualTo("not configured");
    }

    @Test
    void anyoneSeesTheStatusOnlySignedInPeopleTheDetails() {
        ApiClient.Response response = new ApiClient(port).get("/actuator/health");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("UP");
        assertThat(response.text()).doesNotContain("not configured").doesNotContain("details");
    }

    @Test
    void withoutAWorkerTheAppIsUpButNotReadyToSpeak() {
        ApiClient.Response readiness = new TestAccounts(accounts, port).admin().api().get("/actuator/health/readiness");

        assertThat(readiness.status()).isEqualTo(503);
        assertThat(readiness.json().get("status").asString()).isEqualTo("UNKNOWN");
        assertThat(readiness.json().get("components").get("db").get("status").asString()).isEqualTo("UP");
        assertThat(new ApiClient(port).get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        JsonNode listening = new TestAccounts(accounts, port).admin().api().get("/api/v1/listening").json();
        assertThat(listening.get("transcription").asBoolean()).isFalse();
        assertThat(listening.get("note").asString()).startsWith("Speech is not set up").contains("Speech page");
    }
}
