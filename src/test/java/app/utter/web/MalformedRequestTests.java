package app.utter.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.accounts.Accounts;
import app.utter.support.AudioFixtures;
import app.utter.support.RawHttp;
import app.utter.support.RawHttp.Answer;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;
import app.utter.voices.VoiceLibrary;
import tools.jackson.databind.JsonNode;

/**
 * Malformed and hostile requests against the app on a real port, sent byte for byte over a socket: the servlet
 * container and the request firewall answer some before Spring MVC does. Each answer is a 4xx that says what to
 * fix, as a problem document on the APIs and as an HTML page elsewhere, and leaves no row or file behind.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class MalformedRequestTests {

    static final String LONE_SURROGATE = "\\ud800";
    static final byte[] CLIP = read(AudioFixtures.voiceClips().getFirst().path());

    @LocalServerPort
    int port;

    @Autowired
    Accounts accounts;

    @Autowired
    VoiceLibrary voices;

    @Autowired
    JdbcClient jdbc;

    RawHttp api;
    RawHttp browser;
    String voiceId;
    long apiKeys;

    @Value("${utter.data-dir}")
    Path data;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        dataDirectory(registry, "utter-malformed-");
    }

    /** A data folder of the test's own, with the multipart uploads inside it so that leftovers show. */
    static void dataDirectory(DynamicPropertyRegistry registry, String prefix) {
        Path data = tempDir(prefix);
        registry.add("utter.data-dir", data::toString);
        registry.add("spring.servlet.multipart.location", () -> dir(data.resolve("uploads")).toString());
    }

    @BeforeAll
    void personWithAVoice() {
        TestAccounts.TestUser user = new TestAccounts(accounts, port).newUser("prober");
        api = new RawHttp(port, Map.of("Authorization", "Bearer " + user.api().apiKey()));
        browser = new RawHttp(port, Map.of("Accept", "text/html"));
        voiceId = TestVoices.create(voices, user.owner(), "Fixture", AudioFixtures.voiceClips().getFirst()).id();
        apiKeys = jdbc.sql("SELECT COUNT(*) FROM api_keys").query(Long.class).single();
    }

    @AfterEach
    void nothingLeftBehind(CapturedOutput log) throws IOException {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM voices").query(Long.class).single()).as("voices").isEqualTo(1);
        assertThat(jdbc.sql("SELECT name || ': ' || transcript FROM voices").query(String.class).single())
                .isEqualTo("Fixture: " + AudioFixtures.voiceClips().getFirst().transcript());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM generations").query(Long.class).single()).as("generations").isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_keys").query(Long.class).single()).as("API keys").isEqualTo(apiKeys);
        assertThat(files("audio")).allSatisfy(file -> assertThat(file).contains(voiceId));
        assertThat(files("tmp")).isEmpty();
        assertThat(files("uploads")).isEmpty();
        assertThat(log.getAll()).doesNotContain("Request failed unexpectedly");
    }

    /** A request, what its answer must say, and a name for the report. */
    record Bad(String name, Function<MalformedRequestTests, Answer> request, int status, String... hints) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Bad> apiRefusals() {
        String voice = "/api/v1/voices/" + voiceId;
        String query = "?q=" + "a".repeat(20_000);
        return Stream.of(
                get("encoded dots", "/api/v1/voices/%2e%2e", "plain path"),
                get("double slash", "/api/v1/voices//" + voiceId, "plain path"),
                get("path parameter", voice + ";x=y", "plain path"),
                get("encoded slash", "/api/v1/voices/a%2Fb", "plain path"),
                get("encoded backslash", "/api/v1/voices/a%5Cb", "plain path"),
                get("encoded NUL", "/api/v1/voices/a%00b", "plain path"),
                get("byte that is not UTF-8", "/api/v1/voices/a%ffb", "plain path"),
                get("20,000-character query", "/api/v1/voices" + query, "plain path"),
                get("OpenAI path with encoded dots", "/v1/audio/%2e%2e/speech", "plain path"),
                get("page that is not a number", "/api/v1/voices?page=abc", "'page'", "whole number"),
                get("query with a stray percent sign", "/api/v1/voices?page=%ZZ", "%25"),
                new Bad("API path that leads nowhere", t -> t.api.get("/api/v1/nothing-here"), 404, "/api-docs"),
                get("NUL in a voice search", "/api/v1/voices?q=a%00b", "control character"),
                new Bad("multipart without a boundary", t -> t.api.send("POST", "/api/v1/voices",
                        Map.of("Content-Type", "multipart/form-data"), "name=x".getBytes()), 400, "boundary"),
                new Bad("multipart cut short", t -> t.cutShortUpload("/api/v1/voices"), 400, "boundary"),
                new Bad("original API multipart cut short", t -> t.cutShortUpload("/api/clone"), 400, "boundary"),
                new Bad("NUL in a new voice's name", t -> t.upload("/api/v1/voices", "A\u0000B"), 400, "control character"),
                json("invalid JSON", "POST", "/api/v1/generations", "{\"voice_id\": \"" + voiceId + "\", \"text\": ",
                        "not valid JSON"),
                json("seed as text", "POST", "/api/v1/generations",
                        "{\"voice_id\": \"" + voiceId + "\", \"text\": \"Hi\", \"seed\": \"abc\"}", "'seed'", "whole number"),
                json("original API invalid JSON", "POST", "/api/generate", "{\"voice_id\" \"x\"}", "not valid JSON"),
                json("original API text as a list", "POST", "/api/generate",
                        "{\"voice_id\": \"" + voiceId + "\", \"text\": [\"Hi\"]}", "'text'", "text"),
                json("voice name as an object", "PATCH", voice, "{\"name\": {\"first\": \"A\"}}", "'name'", "text"),
                json("voice change not JSON", "PATCH", voice, "name=A", "not valid JSON"),
                json("API key name as a list", "POST", "/api/v1/account/api-keys", "{\"name\": [1]}", "'name'", "text"),
                json("lone surrogate in a generation", "POST", "/api/v1/generations",
                        "{\"voice_id\": \"" + voiceId + "\", \"text\": \"Hello " + LONE_SURROGATE + " there\"}", "surrogate"),
                json("NUL in a generation", "POST", "/api/v1/generations",
                        "{\"voice_id\": \"" + voiceId + "\", \"text\": \"Hello \\u0000 there\"}", "control character"),
                new Bad("NUL in the voice of a generation", t -> t.api.send("POST", "/api/v1/generations",
                        Map.of("Content-Type", "application/json"),
                        "{\"voice_id\": \"a\\u0000b\", \"text\": \"Hi\"}".getBytes()), 404, "no voice"),
                new Bad("NUL in the voice of a speech request", t -> t.api.send("POST", "/v1/audio/speech",
                        Map.of("Content-Type", "application/json"),
                        "{\"input\": \"Hi\", \"voice\": \"a\\u0000b\"}".getBytes()), 400, "control character"),
                json("lone surrogate in an original API generation", "POST", "/api/generate",
                        "{\"voice_id\": \"" + voiceId + "\", \"text\": \"" + LONE_SURROGATE + "\"}", "surrogate"),
                json("lone surrogate in a transcript", "PATCH", voice,
                        "{\"transcript\": \"Printing " + LONE_SURROGATE + "\"}", "surrogate"),
                json("NUL in a voice name", "PATCH", voice, "{\"name\": \"A\\u0000B\"}", "control character"),
                json("lone surrogate in an API key name", "POST", "/api/v1/account/api-keys",
                        "{\"name\": \"laptop " + LONE_SURROGATE + "\"}", "surrogate"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("apiRefusals")
    void apiRefusalsAreProblemsThatSayWhatToFix(Bad bad) {
        Answer answer = sent(bad);

        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/problem+json");
        JsonNode problem = answer.json();
        assertThat(problem.get("status").asInt()).isEqualTo(bad.status());
        assertThat(problem.get("type").asString()).startsWith("https://utter.app/problems/");
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).contains(bad.hints()).doesNotContain("Exception", "org.");
    }

    Stream<Bad> pageRefusals() {
        return Stream.of(
                page("encoded dots", "/voices/%2e%2e"),
                page("double slash", "//voices"),
                page("path parameter", "/voices;x=y"),
                page("encoded slash", "/voices/a%2Fb"),
                page("encoded backslash", "/voices/a%5Cb"),
                page("encoded NUL", "/voices/a%00b"),
                page("byte that is not UTF-8", "/voices/a%ffb"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pageRefusals")
    void pageRefusalsAreHtmlPagesThatSayWhatToDo(Bad bad) {
        Answer answer = sent(bad);

        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("text/html");
        assertThat(answer.text()).contains("<html").contains(bad.hints()).doesNotContain("Exception", "Tomcat", "org.");
    }

    @Test
    void aRequestLineTooLongToReadIsAProblemWhateverPathItHad() {
        Answer answer = browser.get("/voices?q=" + "a".repeat(20_000)); // the container never learns the path

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.json().get("detail").asString()).contains("under 8 KB");
    }

    @Test
    void speechRequestsKeepOpenAisErrorMember() {
        Answer surrogate = post("/v1/audio/speech", "{\"input\": \"Hi " + LONE_SURROGATE + "\", \"voice\": \"" + voiceId + "\"}");
        assertThat(surrogate.status()).as(surrogate.toString()).isEqualTo(400);
        assertThat(surrogate.json().get("error").get("param").asString()).isEqualTo("input");
        assertThat(surrogate.json().get("detail").asString()).contains("surrogate");

        Answer wrongType = post("/v1/audio/speech", "{\"input\": \"Hi\", \"voice\": \"" + voiceId + "\", \"speed\": \"fast\"}");
        assertThat(wrongType.status()).as(wrongType.toString()).isEqualTo(400);
        assertThat(wrongType.header("Content-Type")).startsWith("application/problem+json");
        assertThat(wrongType.json().get("detail").asString()).contains("'speed'", "number");
        assertThat(wrongType.json().get("error").get("message").asString()).isEqualTo(wrongType.json().get("detail").asString());

        Answer firewall = api.get("/v1/audio/speech;x=y");
        assertThat(firewall.status()).isEqualTo(400);
        assertThat(firewall.json().get("error").get("message").asString()).isEqualTo(firewall.json().get("detail").asString());
    }

    @Test
    void pagesFarPastTheEndAreEmpty() {
        JsonNode voicePage = api.get("/api/v1/voices?page=2147483647&size=200").json();
        assertThat(voicePage.get("items")).isEmpty();
        assertThat(voicePage.get("total").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/generations?page=21474837&size=100").json().get("items")).isEmpty();
        JsonNode legacy = api.get("/api/generations?page=2147483647&per_page=100").json();
        assertThat(legacy.get("generations")).isEmpty();
        assertThat(legacy.get("pagination").get("page").asInt()).isEqualTo(2147483647);
    }

    @Test
    void anUploadGivenUpHalfwayLeavesNothing() {
        byte[] half = form("Halfway", CLIP.length / 2);
        Answer answer = api.send("POST", "/api/v1/voices", Map.of("Content-Type", "multipart/form-data; boundary=cut"),
                half, half.length * 2L);

        assertThat(answer.status()).as(answer.toString()).isIn(0, 400); // 0: the client hears nothing once it has left
    }

    /** The answer to {@code bad}, once its status is the one expected. */
    private Answer sent(Bad bad) {
        Answer answer = bad.request().apply(this);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(bad.status());
        return answer;
    }

    /** A voice form whose audio part breaks off a third of the way: the closing boundary never comes. */
    private Answer cutShortUpload(String path) {
        return api.send("POST", path, Map.of("Content-Type", "multipart/form-data; boundary=cut"),
                form("Cut", CLIP.length / 3));
    }

    /** A whole voice form, the clip and its closing boundary included, for a voice named {@code name}. */
    private Answer upload(String path, String name) {
        byte[] form = form(name, CLIP.length);
        byte[] end = "\r\n--cut--\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] whole = java.util.Arrays.copyOf(form, form.length + end.length);
        System.arraycopy(end, 0, whole, form.length, end.length);
        return api.send("POST", path, Map.of("Content-Type", "multipart/form-data; boundary=cut"), whole);
    }

    /** The voice form's parts, boundary "cut", up to {@code audioBytes} of the clip and no closing boundary. */
    private static byte[] form(String name, int audioBytes) {
        String fields = Stream.of("name=" + name, "transcript=Some words.", "language=English", "consent=true")
                .map(field -> "--cut\r\nContent-Disposition: form-data; name=\"" + field.substring(0, field.indexOf('='))
                        + "\"\r\n\r\n" + field.substring(field.indexOf('=') + 1) + "\r\n")
                .reduce("", String::concat);
        byte[] head = (fields + "--cut\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"clip.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = java.util.Arrays.copyOf(head, head.length + audioBytes);
        System.arraycopy(CLIP, 0, body, head.length, audioBytes);
        return body;
    }

    private Answer post(String path, String json) {
        return api.send("POST", path, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    private static Bad get(String name, String target, String... hints) {
        return new Bad(name, t -> t.api.get(target), 400, hints);
    }

    private static Bad page(String name, String target) {
        return new Bad(name, t -> t.browser.get(target), 400, "plain address");
    }

    private static Bad json(String name, String method, String path, String body, String... hints) {
        return new Bad(name, t -> t.api.send(method, path, Map.of("Content-Type", "application/json"),
                body.getBytes(StandardCharsets.UTF_8)), 400, hints);
    }

    private List<String> files(String folder) throws IOException {
        Path root = data.resolve(folder);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path dir(Path path) {
        try {
            return Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
