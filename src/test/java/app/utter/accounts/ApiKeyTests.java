package app.utter.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.errors.UnauthorizedException;
import com.openai.models.audio.speech.SpeechCreateParams;

import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.TestAccounts;
import tools.jackson.databind.JsonNode;

/** API keys: created and shown once, used as Bearer tokens, revoked for good, and never kept or logged in clear. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ApiKeyTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("utter-api-keys-");
        registry.add("utter.data-dir", dir::toString);
        registry.add("logging.level.org.springframework.security", () -> "TRACE"); // the chattiest it gets
        registry.add("logging.level.org.springframework.web", () -> "DEBUG");
    }

    @Test
    void aKeyIsShownOnceUsedAndRevoked(CapturedOutput log) {
        ApiClient session = new TestAccounts(accounts, port).newUser("keyholder").browser();

        Response created = session.postJson("/api/v1/account/api-keys", Map.of("name", "laptop script"));
        assertThat(created.status()).isEqualTo(201);
        String key = created.json().get("key").asString();
        String id = created.json().get("id").asString();
        assertThat(key).startsWith("utk_").hasSizeGreaterThan(40);
        assertThat(key).startsWith(created.json().get("prefix").asString());

        JsonNode listed = session.get("/api/v1/account/api-keys").json().get("items");
        assertThat(listed.toString()).contains("laptop script").doesNotContain(key);
        assertThat(listed.findValuesAsString("id")).contains(id);

        ApiClient withKey = new ApiClient(port).withApiKey(key);
        assertThat(withKey.get("/api/v1/voices").status()).isEqualTo(200);
        assertThat(withKey.postJson("/api/v1/account/api-keys", Map.of("name", "made with a key")).status())
                .as("no CSRF token needed with a key").isEqualTo(201);
        assertThat(session.get("/api/v1/account/api-keys").json().get("items").get(0).get("last_used_at").isNull())
                .isFalse();

        assertThat(session.delete("/api/v1/account/api-keys/" + id).status()).isEqualTo(204);
        Response refused = withKey.get("/api/v1/voices");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(refused.json().get("detail").asString()).contains("not valid");
        assertThat(session.get("/api/v1/account/api-keys").text()).doesNotContain(id);
        assertThat(session.delete("/api/v1/account/api-keys/" + id).status()).isEqualTo(404);

        assertThat(wholeDatabase()).doesNotContain(key).doesNotContain(key.substring(12));
        assertThat(log.getAll()).doesNotContain(key).doesNotContain(key.substring(12));
    }

    @Test
    void theOpenAiSdkIsRefusedWithARevokedKey() {
        TestAccounts.TestUser user = new TestAccounts(accounts, port).newUser("sdk");
        String key = user.api().apiKey();
        String id = user.browser().get("/api/v1/account/api-keys").json().get("items").get(0).get("id").asString();
        user.browser().delete("/api/v1/account/api-keys/" + id);
        OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl("http://localhost:" + port + "/v1").apiKey(key)
                .maxRetries(0).build();

        assertThatThrownBy(() -> client.audio().speech().create(SpeechCreateParams.builder().model("tts-1")
                .voice("anyone").input("Hello").build()))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessageContaining("not valid");
    }

    @Test
    void requestsWithAKeyKeepNoSession() {
        ApiClient withKey = new TestAccounts(accounts, port).newUser("stateless").api();
        for (String path : List.of("/api/v1/voices", "/api/v1/account", "/api/v1/generations")) {
            Response answer = withKey.get(path);
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(answer.header("Set-Cookie")).as("a session or CSRF cookie for " + path).isNull();
        }
        Response created = withKey.postJson("/api/v1/account/api-keys", Map.of("name", "second"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Set-Cookie")).isNull();
    }

    @Test
    void keysNeedANameAndBelongToTheirOwner() {
        ApiClient session = new TestAccounts(accounts, port).newUser("namer").browser();
        Response nameless = session.postJson("/api/v1/account/api-keys", Map.of("name", "  "));
        assertThat(nameless.status()).isEqualTo(400);
        assertThat(nameless.json().get("errors").get(0).get("field").asString()).isEqualTo("name");
    }

    /** Every row of every table, as H2 would write them out to recreate the database. */
    private String wholeDatabase() {
        List<String> script = jdbc.sql("SCRIPT").query((row, n) -> row.getString(1)).list();
        return String.join("\n", script);
    }
}
