package app.utter.speech;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.accounts.Accounts;
import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;
import app.utter.tts.PythonWorker;
import app.utter.voices.VoiceLibrary;
import tools.jackson.databind.JsonNode;

/**
 * A fresh Utter with no worker configured: people are told speech is not there yet and whom to ask, the admin
 * sees what installing it here takes, starts it (the fake engine here: it needs no weights), or connects a
 * remote worker instead, which is checked before it is used.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SpeechSetupTests {

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    VoiceLibrary voices;

    TestAccounts.TestUser admin;
    TestAccounts.TestUser member;
    String voiceId;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        registry.add("utter.data-dir", LocalWorkerStates::dataDir);
        registry.add("utter.local-worker.engine", () -> "fake");
        registry.add("utter.local-worker.venv", () -> PythonWorker.PYTHON.getParent().getParent().toString());
        registry.add("utter.generation.poll", () -> "100ms");
    }

    @BeforeAll
    void people() {
        Assumptions.assumeTrue(PythonWorker.unavailableBecause() == null || "true".equals(System.getenv("CI")),
                PythonWorker.unavailableBecause());
        TestAccounts all = new TestAccounts(accounts, port);
        admin = all.admin();
        member = all.newUser("member");
        voiceId = TestVoices.create(voices, member.owner(), "Narrator", AudioFixtures.voiceClips().getFirst()).id();
    }

    @Test
    @Order(1)
    void beforeAnyChoiceEveryoneIsToldWhatTheyCanDo() {
        JsonNode forMember = member.browser().get("/api/v1/worker").json();
        JsonNode forAdmin = admin.browser().get("/api/v1/worker").json();

        assertThat(forMember.get("state").asString()).isEqualTo("not-set-up");
        assertThat(forMember.get("detail").asString()).isEqualTo(
                "Speech is not available on this Utter yet. Ask admin (admin) to set it up.");
        assertThat(forAdmin.get("detail").asString()).contains("Speech page (/admin/speech)");

        JsonNode failed = member.api().awaitGeneration(submit("Nobody can speak this yet."));
        assertThat(failed.get("status").asString()).isEqualTo("failed");
        assertThat(failed.get("error").asString())
                .isEqualTo("Speech is not set up on this Utter yet; an admin can set it up on the Speech page.")
                .doesNotContain("base-url");
    }

    @Test
    @Order(2)
    void onlyTheAdminSeesTheSpeechSetupAndWhatInstallingTakes() {
        assertThat(member.browser().get("/api/v1/admin/speech").status()).isEqualTo(403);
        assertThat(member.browser().get("/admin/speech", "Accept", "text/html").status()).isEqualTo(403);

        JsonNode status = admin.browser().get("/api/v1/admin/speech").json();
        assertThat(status.get("choice").asString()).isEqualTo("none");
        JsonNode local = status.get("local");
        assertThat(local.get("phase").asString()).isEqualTo("offered");
        assertThat(local.get("plan").get("engine").asString()).isEqualTo("fake");
        assertThat(local.get("plan").get("packages").asString()).isEqualTo("about 50 MB to download, 150 MB on disk");
        assertThat(local.get("plan").get("free_disk_gb").asDouble()).isPositive();
        assertThat(admin.browser().get("/admin/speech", "Accept", "text/html").text()).contains("Install and start");
    }

    @Test
    @Order(3)
    void theAdminStartsTheLocalWorkerAndGenerationsWork() {
        ApiClient.Response started = admin.browser().post("/api/v1/admin/speech/local");
        assertThat(started.status()).isEqualTo(202);

        JsonNode local = LocalWorkerStates.reach(admin.browser(), "ready");
        assertThat(local.get("device").asString()).isEqualTo("cpu");
        assertThat(local.get("speed").asDouble()).isPositive(); // measured once it runs
        assertThat(member.browser().get("/api/v1/worker").json().get("state").asString()).isEqualTo("ready");
        JsonNode spoken = member.api().awaitGeneration(submit("The local worker speaks this."));
        assertThat(spoken.get("status").asString()).as(spoken.toString()).isEqualTo("succeeded");
        assertThat(admin.browser().get("/api/v1/admin/speech/log").text()).contains("starting:");
    }

    @Test
    @Order(4)
    void aRemoteWorkerIsCheckedBeforeItIsUsedAndReplacesTheLocalOne() throws Exception {
        ApiClient admins = admin.browser();
        ApiClient.Response notAnAddress = admins.postJson("/api/v1/admin/speech/remote", Map.of("base_url", "gpu"));
        assertThat(notAnAddress.status()).isEqualTo(400);
        assertThat(notAnAddress.json().get("errors").get(0).get("field").asString()).isEqualTo("base_url");
        ApiClient.Response nobody = admins.postJson("/api/v1/admin/speech/remote",
                Map.of("base_url", "http://127.0.0.1:9"));
        assertThat(nobody.status()).isEqualTo(422);
        assertThat(nobody.json().get("detail").asString()).contains("Nothing answers at http://127.0.0.1:9");

        try (PythonWorker remote = PythonWorker.start(Map.of())) {
            ApiClient.Response chosen = admins.postJson("/api/v1/admin/speech/remote",
                    Map.of("base_url", remote.baseUrl() + "/", "bearer_token", remote.token()));
            assertThat(chosen.status()).as(chosen.text()).isEqualTo(200);
            assertThat(chosen.json().get("choice").asString()).isEqualTo("remote");
            assertThat(chosen.json().get("remote").get("base_url").asString()).isEqualTo(remote.baseUrl());
            assertThat(chosen.json().toString()).doesNotContain(remote.token());
            assertThat(chosen.json().get("local").get("phase").asString()).isEqualTo("offered");

            JsonNode spoken = member.api().awaitGeneration(submit("The remote worker speaks this."));
            assertThat(spoken.get("status").asString()).as(spoken.toString()).isEqualTo("succeeded");
        }
        assertThat(admins.post("/api/v1/admin/speech/local/stop").json().get("choice").asString()).isEqualTo("none");
    }

    private String submit(String text) {
        ApiClient.Response created = member.api().postJson("/api/v1/generations", Map.of("voice_id", voiceId, "text", text));
        assertThat(created.status()).as(created.text()).isEqualTo(201);
        return created.json().get("id").asString();
    }

    @AfterAll
    void stopLocal() {
        if (admin != null) {
            admin.browser().post("/api/v1/admin/speech/local/stop");
        }
    }
}
