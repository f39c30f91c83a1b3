package app.utter.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.AudioFixtures;
import app.utter.support.TestAccounts;
import app.utter.tts.FakeWorker;

/** Per-account limits: going over answers 429 with a Retry-After that says when to try again, and stores nothing. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LimitsTests {

    static FakeWorker worker;
    static Path dataDir;

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        worker = new FakeWorker();
        dataDir = Files.createTempDirectory("utter-limits-");
        registry.add("utter.data-dir", dataDir::toString);
        registry.add("utter.tts.worker.base-url", worker::baseUrl);
        registry.add("utter.accounts.limits.voices", () -> "2");
        registry.add("utter.accounts.limits.characters-per-day", () -> "100");
        registry.add("utter.accounts.limits.concurrent-jobs", () -> "1");
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    @BeforeEach
    void quickWorker() {
        worker.latency(Duration.ZERO, Duration.ZERO);
    }

    @Test
    void aThirdVoiceIsRefusedAndLeavesNothingBehind() throws IOException {
        ApiClient api = new TestAccounts(accounts, port).newUser("collector").api();
        assertThat(upload(api, "First").status()).isEqualTo(201);
        assertThat(upload(api, "Second").status()).isEqualTo(201);
        long folders = voiceFolders();
        long rows = jdbc.sql("SELECT COUNT(*) FROM voices").query(Long.class).single();

        Response third = upload(api, "Third");

        assertThat(third.status()).isEqualTo(429);
        assertThat(third.header("Content-Type")).startsWith("application/problem+json");
        assertThat(third.json().get("detail").asString()).contains("2 voices").contains("Delete one");
        assertThat(third.header("Retry-After")).isEqualTo("86400");
        assertThat(voiceFolders()).isEqualTo(folders);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM voices").query(Long.class).single()).isEqualTo(rows);
        assertThat(api.get("/api/v1/voices").json().get("total").asInt()).isEqualTo(2);

        String first = api.get("/api/v1/voices").json().get("items").get(0).get("id").asString();
        assertThat(api.delete("/api/v1/voices/" + first).status()).isEqualTo(204);
        assertThat(upload(api, "Third").status()).as("deleting one makes room").isEqualTo(201);
    }

    @Test
    void charactersPerDayAreCountedAndDeletingHistoryDoesNotGiveThemBack() {
        ApiClient api = new TestAccounts(accounts, port).newUser("talker").api();
        String voice = upload(api, "Talker").json().get("id").asString();
        String sixty = "Sixty characters of text, spoken once and counted for today.";
        assertThat(sixty).hasSize(60);

        Response first = generate(api, voice, sixty);
        assertThat(first.status()).isEqualTo(201);
        assertThat(api.awaitGeneration(first.json().get("id").asString()).get("status").asString())
                .isEqualTo("succeeded");
        long before = jdbc.sql("SELECT COUNT(*) FROM generations").query(Long.class).single();

        Response second = generate(api, voice, sixty);

        assertThat(second.status()).isEqualTo(429);
        assertThat(second.json().get("detail").asString()).contains("60 characters").contains("used 60 of your 100");
        long retryAfter = Long.parseLong(second.header("Retry-After"));
        assertThat(retryAfter).as("the first text leaves the 24-hour window in about a day")
                .isBetween(Duration.ofHours(23).toSeconds(), Duration.ofDays(1).plusMinutes(1).toSeconds() + 2); // counted by the minute
        assertThat(jdbc.sql("SELECT COUNT(*) FROM generations").query(Long.class).single()).isEqualTo(before);
        assertThat(api.get("/api/v1/account").json().get("usage").get("characters_last_24h").asInt()).isEqualTo(60);

        assertThat(api.delete("/api/v1/generations/" + first.json().get("id").asString()).status()).isEqualTo(204);
        assertThat(generate(api, voice, sixty).status()).as("history deleted, characters still spent").isEqualTo(429);
        Response last = generate(api, voice, "Thirty-nine characters fit in the rest.");
        assertThat(last.status()).isEqualTo(201);
        assertThat(api.awaitGeneration(last.json().get("id").asString()).get("status").asString())
                .isEqualTo("succeeded");

        Response openAi = api.postJson("/v1/audio/speech", Map.of("model", "tts-1", "input", "One more.", "voice", voice));
        assertThat(openAi.status()).isEqualTo(429);
        assertThat(openAi.header("Retry-After")).isNotBlank();
        assertThat(openAi.json().get("error").get("message").asString()).contains("used 99 of your 100");
    }

    @Test
    void onlyOneJobAtATimeThenTheNextIsAccepted() {
        ApiClient api = new TestAccounts(accounts, port).newUser("hurried").api();
        String voice = upload(api, "Hurried").json().get("id").asString();
        worker.latency(Duration.ofMillis(1500), Duration.ZERO);
        Response running = generate(api, voice, "The first job takes a while.");
        assertThat(running.status()).isEqualTo(201);

        Response second = generate(api, voice, "The second waits its turn.");

        assertThat(second.status()).isEqualTo(429);
        assertThat(second.header("Retry-After")).isEqualTo("10");
        assertThat(second.json().get("detail").asString()).contains("1 generations queued or running");
        assertThat(api.get("/api/v1/generations").json().get("total").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/account").json().get("usage").get("characters_last_24h").asInt())
                .as("a refused job spends no characters").isEqualTo("The first job takes a while.".length());

        assertThat(api.awaitGeneration(running.json().get("id").asString()).get("status").asString())
                .isEqualTo("succeeded");
        assertThat(generate(api, voice, "The second waits its turn.").status()).isEqualTo(201);
    }

    @Test
    void limitsAreEachPersonsOwn() {
        TestAccounts people = new TestAccounts(accounts, port);
        ApiClient busy = people.newUser("busy").api();
        ApiClient other = people.newUser("other").api();
        upload(busy, "One");
        upload(busy, "Two");

        assertThat(upload(busy, "Three").status()).isEqualTo(429);
        assertThat(upload(other, "Mine").status()).isEqualTo(201);
    }

    private static Response upload(ApiClient api, String name) {
        AudioFixtures.Clip clip = AudioFixtures.voiceClips().get(0);
        return api.postMultipart("/api/v1/voices", Map.of("name", name, "transcript", clip.transcript(),
                "language", clip.language(), "consent", "true", "audio", clip.path()));
    }

    private static Response generate(ApiClient api, String voice, String text) {
        return api.postJson("/api/v1/generations", Map.of("voice_id", voice, "text", text));
    }

    private static long voiceFolders() throws IOException {
        try (Stream<Path> folders = Files.list(dataDir.resolve("audio/voices"))) {
            return folders.count();
        }
    }
}
