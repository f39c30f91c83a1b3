package app.utter.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.LocalPostgres;
import app.utter.support.LocalS3;
import app.utter.tts.FakeWorker;
import tools.jackson.databind.JsonNode;

/**
 * Two Utter processes on one PostgreSQL database and one S3 bucket behind a round-robin proxy, as behind a load
 * balancer: a person signed in on one is known to the other, a voice made on one speaks on the other, the login
 * throttle counts across both, and when one is killed mid-generation the other finishes the job, once.
 */
class MultiInstanceTests {

    static final String PASSWORD = "correct horse battery staple";

    @Test
    void twoInstancesServeAsOne() throws Exception {
        LocalPostgres postgres = LocalPostgres.get();
        String database = postgres.newDatabase("utter_cluster");
        List<String> settings = new ArrayList<>(List.of("--spring.datasource.url=" + database,
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(), "--utter.generation.lease=2s",
                "--utter.generation.poll=100ms", "--utter.generation.parallel-chunks=2", "--utter.data-dir=" + java.nio.file.Files.createTempDirectory("utter-a")));
        LocalS3.get().settings("cluster").forEach((key, value) -> settings.add("--" + key + "=" + value));
        try (FakeWorker worker = FakeWorker.started().latency(Duration.ofSeconds(1), Duration.ZERO)) {
            settings.add("--utter.tts.worker.base-url=" + worker.baseUrl());
            UtterProcess first = UtterProcess.start("first", settings);
            ApiClient browser = setUpAndSignIn(new ApiClient(first.port()));
            ApiClient api = new ApiClient(first.port()).withApiKey(browser.postJson("/api/v1/account/api-keys",
                    Map.of("name", "cluster")).json().get("key").asString());
            AudioFixtures.Clip clip = AudioFixtures.voiceClips().getFirst();
            JsonNode voice = api.postMultipart("/api/v1/voices", Map.of("name", "Shared", "audio", clip.path(),
                    "transcript", clip.transcript(), "language", clip.language(), "consent", "true")).json();
            String voiceId = voice.get("id").asString();
            String longJob = api.postJson("/api/v1/generations", Map.of("voice_id", voiceId, "text",
                    "Each of these sentences is a part of its own in the long job. ".repeat(150))).json()
                    .get("id").asString();
            awaitPartsDone(api, longJob, 1); // the first instance is running it

            settings.set(settings.indexOf(settings.stream().filter(s -> s.startsWith("--utter.data-dir=")).findFirst()
                    .orElseThrow()), "--utter.data-dir=" + java.nio.file.Files.createTempDirectory("utter-b"));
            try (UtterProcess second = UtterProcess.start("second", settings);
                    RoundRobinProxy proxy = new RoundRobinProxy(List.of(first.baseUrl(), second.baseUrl()))) {
                assertThat(browser.at(second.port()).get("/api/v1/account").status())
                        .as("the session made on the first is known to the second").isEqualTo(200);
                ApiClient balanced = browser.at(proxy.port());
                for (int i = 0; i < 4; i++) {
                    assertThat(balanced.get("/api/v1/account").status()).isEqualTo(200);
                }
                JsonNode spoken = api.at(second.port()).awaitGeneration(api.at(second.port())
                        .postJson("/api/v1/generations", Map.of("voice_id", voiceId, "text", "Spoken on the second."))
                        .json().get("id").asString());
                assertThat(spoken.get("status").asString()).isEqualTo("succeeded");
                assertThat(api.at(second.port()).get("/api/v1/voices/" + voiceId + "/audio").status()).isEqualTo(200);

                assertThat(api.get("/api/v1/generations/" + longJob).json().get("status").asString())
                        .isEqualTo("running");
                first.kill();
                int callsAtKill = callsFor(worker, "Each of these");

                JsonNode finished = api.at(second.port()).awaitGeneration(longJob);
                assertThat(finished.get("status").asString()).as(finished.toString()).isEqualTo("succeeded");
                int total = finished.get("progress").get("chunks_total").asInt();
                assertThat(attempts(database, postgres, longJob)).as("taken over once").isEqualTo(2);
                assertThat(callsFor(worker, "Each of these")).as("each part asked once, but for the (at most "
                        + "two) the first was waiting on when it died").isBetween(total, total + 2);
                assertThat(callsFor(worker, "Each of these")).as("the second made the rest").isGreaterThan(callsAtKill);
                assertThat(api.at(second.port()).get("/api/v1/generations/" + longJob + "/audio").status())
                        .isEqualTo(200);
                assertThat(browser.at(proxy.port()).at(second.port()).get("/api/v1/account").status())
                        .as("nobody is signed out by the first one's end").isEqualTo(200);
            }
        }
    }

    @Test
    void theLoginThrottleCountsAcrossInstances() throws Exception {
        LocalPostgres postgres = LocalPostgres.get();
        List<String> settings = List.of("--spring.datasource.url=" + postgres.newDatabase("utter_throttle"),
                "--spring.datasource.username=" + postgres.username(),
                "--spring.datasource.password=" + postgres.password(),
                "--utter.data-dir=" + java.nio.file.Files.createTempDirectory("utter-throttle"));
        try (UtterProcess first = UtterProcess.start("throttle-first", settings);
                UtterProcess second = UtterProcess.start("throttle-second", settings);
                RoundRobinProxy proxy = new RoundRobinProxy(List.of(first.baseUrl(), second.baseUrl()))) {
            setUpAndSignIn(new ApiClient(proxy.port()));
            ApiClient guesser = new ApiClient(proxy.port()).withCookies();
            for (int attempt = 0; attempt < 5; attempt++) { // the limit, spread over both instances
                guesser.get("/login");
                assertThat(guesser.postForm("/login", Map.of("username", "admin", "password", "wrong " + attempt))
                        .header("Location")).endsWith("/login?error");
            }
            for (int port : new int[] {first.port(), second.port()}) {
                ApiClient right = new ApiClient(port).withCookies();
                right.get("/login");
                assertThat(right.postForm("/login", Map.of("username", "admin", "password", PASSWORD))
                        .header("Location")).as("paused on both").endsWith("/login?error");
            }
        }
    }

    /** Sets the instance up with its admin through the first-visit page and signs in; a cookie-keeping client. */
    static ApiClient setUpAndSignIn(ApiClient anonymous) {
        ApiClient browser = anonymous.withCookies();
        browser.get("/setup");
        assertThat(browser.postForm("/setup", Map.of("username", "admin", "password", PASSWORD,
                "confirm_password", PASSWORD)).status()).isLessThan(400);
        browser.get("/login");
        assertThat(browser.postForm("/login", Map.of("username", "admin", "password", PASSWORD))
                .header("Location")).endsWith("/generate");
        return browser;
    }

    static void awaitPartsDone(ApiClient api, String id, int parts) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (partsDone(api, id) < parts) {
            assertThat(System.nanoTime()).as("parts of " + id + " done in time").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    static int partsDone(ApiClient api, String id) {
        return api.get("/api/v1/generations/" + id).json().get("progress").get("chunks_done").asInt();
    }

    static int callsFor(FakeWorker worker, String textStart) {
        return (int) worker.requests().stream().filter(seen -> seen.path().equals("/v1/synthesize"))
                .filter(seen -> seen.body().get("text").asString().startsWith(textStart)).count();
    }

    static int attempts(String database, LocalPostgres postgres, String id) throws Exception {
        try (Connection connection = DriverManager.getConnection(database, postgres.username(), postgres.password());
                PreparedStatement query = connection.prepareStatement("SELECT attempts FROM generations WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }
}
