package app.utter.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

    @Test
    void healthIsUpWithTheWorkerUnknown() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        JsonNode health = JsonMapper.builder().build().readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(health.get("status").asString()).isEqualTo("UP");
        JsonNode worker = health.get("components").get("ttsWorker");
        assertThat(worker.get("status").asString()).isEqualTo("UNKNOWN");
        assertThat(worker.get("details").get("worker").asString()).isEqualTo("not configured");
    }
}
