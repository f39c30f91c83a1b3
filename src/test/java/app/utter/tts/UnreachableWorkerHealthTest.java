package app.utter.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient;
import tools.jackson.databind.JsonNode;

/** A worker configured but not answering: the app stays UP, and its readiness says it cannot speak. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnreachableWorkerHealthTest {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        String dir = Files.createTempDirectory("utter-unreachable-").toString();
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort(); // free again once closed: nothing answers there
        }
        registry.add("utter.data-dir", () -> dir);
        registry.add("utter.tts.worker.base-url", () -> "http://127.0.0.1:" + closedPort);
    }

    @Test
    void theAppIsUpAndNotReady() {
        ApiClient anyone = new ApiClient(port);

        ApiClient.Response health = anyone.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");

        ApiClient.Response readiness = anyone.get("/actuator/health/readiness");
        assertThat(readiness.status()).isEqualTo(503);
        JsonNode body = readiness.json();
        assertThat(body.get("status").asString()).isEqualTo("UNREACHABLE");
    }
}
