package app.utter.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.AudioFixtures;
import app.utter.support.TestAccounts;
import app.utter.tts.FakeWorker;
import tools.jackson.databind.JsonNode;

/**
 * Two people, each with a voice and a finished generation. Every endpoint and audio URL of one, tried as the other
 * and without signing in, answers 401 or 404 with nothing of the owner's in the body, and changes nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IsolationTests {

    static FakeWorker worker;

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        worker = new FakeWorker();
        Path dir = Files.createTempDirectory("utter-isolation-");
        registry.add("utter.data-dir", dir::toString);
        registry.add("utter.tts.worker.base-url", worker::baseUrl);
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    /** What one person owns, and words from it that must never reach anyone else. */
    record Belongings(TestAccounts.TestUser user, String voiceId, String voiceName, String generationId,
                      String keyId, List<String> secrets) {
    }

    /** Alice speaks with the first fixture clip, anyone else with the second, so their transcripts differ. */
    Belongings belongings(String who, String voiceName, String text) {
        TestAccounts.TestUser user = new TestAccounts(accounts, port).newUser(who);
        AudioFixtures.Clip clip = AudioFixtures.voiceClips().get(who.equals("alice") ? 0 : 3);
        Response voice = user.api().postMultipart("/api/v1/voices", Map.of("name", voiceName,
                "transcript", clip.transcript(), "language", clip.language(), "consent", "true", "audio", clip.path()));
        assertThat(voice.status()).as(voice.text()).isEqualTo(201);
        String voiceId = voice.json().get("id").asString();
        Response generation = user.api().postJson("/api/v1/generations", Map.of("voice_id", voiceId, "text", text));
        assertThat(generation.status()).as(generation.text()).isEqualTo(201);
        String generationId = generation.json().get("id").asString();
        assertThat(user.api().awaitGeneration(generationId).get("status").asString()).isEqualTo("succeeded");
        String keyId = user.api().get("/api/v1/account/api-keys").json().get("items").get(0).get("id").asString();
        return new Belongings(user, voiceId, voiceName, generationId, keyId,
                List.of(voiceName, text, clip.transcript(), user.username(), user.owner().id()));
    }

    /** Every request that touches one of {@code owner}'s things, named for the failure message. */
    static Map<String, Function<ApiClient, Response>> requestsAt(Belongings owner) {
        String voice = "/api/v1/voices/" + owner.voiceId();
        String generation = "/api/v1/generations/" + owner.generationId();
        Map<String, Function<ApiClient, Response>> requests = new LinkedHashMap<>();
        requests.put("get voice", api -> api.get(voice));
        requests.put("rename voice", api -> api.patchJson(voice, Map.of("name", "Taken over")));
        requests.put("voice audio", api -> api.get(voice + "/audio"));
        requests.put("voice original upload", api -> api.get(voice + "/original"));
        requests.put("legacy voice preview", api -> api.get("/api/voices/" + owner.voiceId() + "/preview"));
        requests.put("generate with the voice", api -> api.postJson("/api/v1/generations",
                Map.of("voice_id", owner.voiceId(), "text", "Speak for me.")));
        requests.put("legacy generate with the voice", api -> api.postJson("/api/generate",
                Map.of("voice_id", owner.voiceId(), "text", "Speak for me.", "language", "English")));
        requests.put("OpenAI speech with the voice id", api -> api.postJson("/v1/audio/speech",
                Map.of("model", "tts-1", "input", "Speak for me.", "voice", owner.voiceId())));
        requests.put("OpenAI speech with the voice name", api -> api.postJson("/v1/audio/speech",
                Map.of("model", "tts-1", "input", "Speak for me.", "voice", owner.voiceName())));
        requests.put("get generation", api -> api.get(generation));
        requests.put("generation events", api -> api.get(generation + "/events", "Accept", "text/event-stream"));
        requests.put("generation audio", api -> api.get(generation + "/audio"));
        requests.put("generation audio as mp3", api -> api.get(generation + "/audio?format=mp3&download=true"));
        requests.put("generation chunk", api -> api.get(generation + "/chunks/0"));
        requests.put("cancel generation", api -> api.post(generation + "/cancel"));
        requests.put("legacy task", api -> api.get("/api/tasks/" + owner.generationId()));
        requests.put("legacy cancel task", api -> api.post("/api/tasks/" + owner.generationId() + "/cancel"));
        requests.put("revoke API key", api -> api.delete("/api/v1/account/api-keys/" + owner.keyId()));
        requests.put("delete generation", api -> api.delete(generation));
        requests.put("legacy delete generation", api -> api.delete("/api/generations/" + owner.generationId()));
        requests.put("delete voice", api -> api.delete(voice));
        requests.put("legacy delete voice", api -> api.delete("/api/voices/" + owner.voiceId()));
        return requests;
    }

    @Test
    void anotherPersonGetsNotFoundForEverythingAndLearnsNothing() {
        Belongings alice = belongings("alice", "Alice's private voice", "Alice's private words, spoken once.");
        Belongings mallory = belongings("mallory", "Mallory's voice", "Mallory speaks.");
        ApiClient intruder = mallory.user().api();

        requestsAt(alice).forEach((what, request) -> {
            Response answer = request.apply(intruder);
            assertThat(answer.status()).as(what + ": " + answer.text()).isEqualTo(404);
            assertThat(answer.text()).as(what).doesNotContain(unsent(alice, what));
        });
        assertListsShowOnlyOwn(mallory, alice);
        assertUntouched(alice);
    }

    @Test
    void theSameRequestsThroughTheIntrudersBrowserSessionAreRefusedToo() {
        Belongings alice = belongings("alice", "Alice's session voice", "Words Alice keeps to herself.");
        Belongings mallory = belongings("mallory", "Mallory's session voice", "Mallory speaks again.");

        requestsAt(alice).forEach((what, request) -> {
            Response answer = request.apply(mallory.user().browser());
            assertThat(answer.status()).as(what + ": " + answer.text()).isEqualTo(404);
            assertThat(answer.text()).as(what).doesNotContain(unsent(alice, what));
        });
        assertUntouched(alice);
    }

    @Test
    void withoutSigningInEverythingAsksForSignIn() {
        Belongings alice = belongings("alice", "Alice's unseen voice", "Nobody anonymous hears this.");
        ApiClient anonymous = new ApiClient(port);
        Map<String, Function<ApiClient, Response>> requests = requestsAt(alice);
        requests.put("list voices", api -> api.get("/api/v1/voices"));
        requests.put("list generations", api -> api.get("/api/v1/generations"));
        requests.put("legacy list voices", api -> api.get("/api/voices"));
        requests.put("legacy history", api -> api.get("/api/generations"));
        requests.put("legacy clone", api -> api.postMultipart("/api/clone", Map.of("name", "x", "transcript", "y")));
        requests.put("account", api -> api.get("/api/v1/account"));
        requests.put("wake the worker", api -> api.post("/api/v1/worker/wake"));

        for (ApiClient stranger : List.of(anonymous, anonymous.withApiKey("utk_not-a-real-key"))) {
            requests.forEach((what, request) -> {
                Response answer = request.apply(stranger);
                assertThat(answer.status()).as(what + ": " + answer.text()).isEqualTo(401);
                assertThat(answer.header("Content-Type")).as(what).startsWith("application/problem+json");
                assertThat(answer.text()).as(what).doesNotContain(alice.secrets().toArray(String[]::new));
            });
        }
        assertThat(anonymous.get("/voices").status()).isEqualTo(302);
        assertThat(anonymous.get("/voices").header("Location")).endsWith("/login");
        assertUntouched(alice);
    }

    @Test
    void anOwnersNotFoundLooksLikeANeverExistingOne() {
        Belongings alice = belongings("alice", "Alice's hidden voice", "Hidden words.");
        ApiClient intruder = belongings("mallory", "Another voice", "Other words.").user().api();
        String missing = "00000000-0000-0000-0000-000000000000";

        JsonNode real = intruder.get("/api/v1/voices/" + alice.voiceId()).json();
        JsonNode never = intruder.get("/api/v1/voices/" + missing).json();
        assertThat(real.get("detail").asString().replace(alice.voiceId(), missing))
                .isEqualTo(never.get("detail").asString());
        assertThat(real.get("type")).isEqualTo(never.get("type"));
    }

    @Test
    void adminPagesAndApisAreForAdminsOnly() {
        ApiClient someone = new TestAccounts(accounts, port).newUser("plain").browser();

        assertThat(someone.get("/api/v1/admin/users").status()).isEqualTo(403);
        assertThat(someone.post("/api/v1/admin/invitations").status()).isEqualTo(403);
        assertThat(someone.get("/admin/users").status()).isEqualTo(403);
        assertThat(new TestAccounts(accounts, port).admin().api().get("/api/v1/admin/users").status()).isEqualTo(200);
    }

    /** The owner's secrets, less the voice name when the request itself sent it (a problem may quote it back). */
    private static String[] unsent(Belongings owner, String request) {
        return owner.secrets().stream().filter(secret -> !(request.contains("voice name") && secret.equals(owner.voiceName())))
                .toArray(String[]::new);
    }

    private void assertListsShowOnlyOwn(Belongings viewer, Belongings other) {
        ApiClient api = viewer.user().api();
        for (String list : List.of("/api/v1/voices", "/api/voices", "/api/v1/generations", "/api/generations",
                "/api/v1/account/api-keys", "/api/v1/account")) {
            Response answer = api.get(list);
            assertThat(answer.status()).as(list).isEqualTo(200);
            assertThat(answer.text()).as(list).doesNotContain(other.secrets().toArray(String[]::new))
                    .doesNotContain(other.voiceId()).doesNotContain(other.generationId());
        }
        assertThat(api.get("/api/v1/voices").json().get("total").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/generations").json().get("total").asInt()).isEqualTo(1);
    }

    private void assertUntouched(Belongings owner) {
        ApiClient api = owner.user().api();
        Response voice = api.get("/api/v1/voices/" + owner.voiceId());
        assertThat(voice.status()).isEqualTo(200);
        assertThat(voice.json().get("name").asString()).isEqualTo(owner.voiceName());
        assertThat(api.get("/api/v1/voices/" + owner.voiceId() + "/audio").status()).isEqualTo(200);
        Response generation = api.get("/api/v1/generations/" + owner.generationId());
        assertThat(generation.json().get("status").asString()).isEqualTo("succeeded");
        assertThat(api.get("/api/v1/generations/" + owner.generationId() + "/audio").status()).isEqualTo(200);
        assertThat(api.get("/api/v1/account").status()).as("the owner's key still works").isEqualTo(200);
    }
}
