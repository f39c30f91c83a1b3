package app.utter.dictionary;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.FileSystemResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient;
import app.utter.support.ApiClient.Response;
import app.utter.support.AudioFixtures;
import app.utter.support.FakeWorkerTest;
import app.utter.support.TestAccounts;
import app.utter.voices.NewVoice;
import app.utter.voices.VoiceLibrary;
import tools.jackson.databind.JsonNode;

/**
 * The pronunciation dictionary over HTTP: rules and their checks, the preview, PLS import and export, and the same
 * rewriting in every entry point that speaks (the generation API, the original API, the OpenAI endpoint), seen in
 * what the worker is asked to say.
 */
class DictionaryTests extends FakeWorkerTest {

    TestAccounts.TestUser user;
    ApiClient api;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        startWorker(registry, "dictionary");
    }

    @BeforeEach
    void signIn() {
        user = newUser("lexicographer");
        api = user.api();
    }

    @Test
    void rulesAreAddedCheckedListedPreviewedAndDeleted() {
        Response added = api.postJson("/api/v1/pronunciations", Map.of("phrase", "SQL", "alias", "sequel"));
        assertThat(added.status()).as(added.text()).isEqualTo(201);
        assertThat(added.json().get("whole_word").asBoolean()).isTrue();
        assertThat(added.json().get("case_sensitive").asBoolean()).isFalse();
        assertThat(added.json().hasNonNull("language")).isFalse();
        api.postJson("/api/v1/pronunciations", Map.of("phrase", "Dr.", "alias", "Doktor", "language", "German"));

        Response same = api.postJson("/api/v1/pronunciations", Map.of("phrase", "sql", "alias", "S Q L"));
        assertThat(same.status()).isEqualTo(409);
        assertThat(same.json().get("existing_rule_id").asString()).isEqualTo(added.json().get("id").asString());
        Response bad = api.postJson("/api/v1/pronunciations", Map.of("phrase", " ", "alias", "x".repeat(201),
                "language", "Klingon"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("errors").valueStream().map(e -> e.get("field").asString()))
                .containsExactly("phrase", "alias", "language");

        JsonNode english = api.postJson("/api/v1/pronunciations/preview", Map.of("text", "Dr. Lee knows SQL.",
                "language", "English")).json();
        assertThat(english.get("text").asString()).isEqualTo("Dr. Lee knows sequel.");
        JsonNode german = api.postJson("/api/v1/pronunciations/preview", Map.of("text", "Dr. Lee kennt SQL.",
                "language", "German")).json();
        assertThat(german.get("text").asString()).isEqualTo("Doktor Lee kennt sequel.");
        assertThat(german.get("replacements")).hasSize(2);

        assertThat(api.get("/api/v1/pronunciations").json().get("items")).hasSize(2);
        assertThat(api.delete("/api/v1/pronunciations/" + added.json().get("id").asString()).status()).isEqualTo(204);
        assertThat(api.delete("/api/v1/pronunciations/" + added.json().get("id").asString()).status()).isEqualTo(404);
        assertThat(newUser("other").api().get("/api/v1/pronunciations").json()
                .get("items")).isEmpty();
    }

    @Test
    void aPlsFileIsImportedWithItsPhonemeEntriesReportedAndExportedAgain() throws Exception {
        byte[] file;
        try (var in = getClass().getResourceAsStream("/lexicons/tech-terms.pls")) {
            file = in.readAllBytes();
        }
        JsonNode imported = postPls(file);
        assertThat(imported.get("imported").asInt()).isEqualTo(3); // NGINX is Nginx: rules ignore case by default
        assertThat(imported.get("language").asString()).isEqualTo("English");
        assertThat(imported.get("skipped").valueStream().map(s -> s.get("line").asInt() + " " + s.get("grapheme")
                .asString())).containsExactly("13 NGINX", "18 Siobhán", "27 Qwen");

        JsonNode again = postPls(file);
        assertThat(again.get("imported").asInt()).isZero();
        assertThat(again.get("skipped")).hasSize(6);

        Response broken = api.postMultipart("/api/v1/pronunciations/import", Map.of("file", writeTemp(
                "<lexicon xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\">\n<lexeme>\n</lexicon>")));
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("line").asInt()).isEqualTo(3);
        assertThat(broken.json().get("detail").asString()).startsWith("Line 3: ");

        Response export = api.get("/api/v1/pronunciations/export?language=English");
        assertThat(export.header("Content-Type")).startsWith("application/pls+xml");
        assertThat(export.text()).contains("xml:lang=\"en\"", "<grapheme>Nginx</grapheme>", "<alias>by the way</alias>");
        assertThat(api.get("/api/v1/pronunciations/export?language=German").text()).doesNotContain("BTW");
    }

    @Test
    void everyEntryPointSpeaksTheRewrittenText() throws Exception {
        String voiceId = voice();
        api.postJson("/api/v1/pronunciations", Map.of("phrase", "BTW", "alias", "by the way", "case_sensitive", true));
        api.postJson("/api/v1/pronunciations", Map.of("phrase", "Nginx", "alias", "engine x"));
        String text = "BTW, btw, our Nginx logs grew.";
        String spoken = "by the way, btw, our engine x logs grew.";

        JsonNode rest = api.awaitGeneration(api.postJson("/api/v1/generations", Map.of("voice_id", voiceId,
                "text", text)).json().get("id").asString());
        String legacyId = api.postJson("/api/generate", Map.of("voice_id", voiceId, "text", text)).json()
                .get("task_id").asString();
        JsonNode legacy = api.awaitGeneration(legacyId);
        Response openAi = api.postJson("/v1/audio/speech", Map.of("model", "tts-1", "voice", voiceId, "input", text,
                "response_format", "wav"));
        assertThat(openAi.status()).as(openAi.text()).isEqualTo(200);
        JsonNode speech = api.awaitGeneration(openAi.header("Utter-Generation-Id"));

        for (JsonNode generation : List.of(rest, legacy, speech)) {
            assertThat(generation.get("text").asString()).isEqualTo(text);
            assertThat(generation.get("spoken_text").asString()).isEqualTo(spoken);
        }
        List<String> asked = worker.requests().stream().filter(seen -> seen.path().equals("/v1/synthesize"))
                .map(seen -> seen.body().get("text").asString()).toList();
        assertThat(asked).hasSize(3).containsOnly(spoken);
    }

    private String voice() throws IOException {
        AudioFixtures.Clip clip = AudioFixtures.voiceClips().getFirst();
        worker.forget();
        return voices.create(user.owner(), new NewVoice("Reader", clip.transcript(), "English", true,
                new NewVoice.UploadedAudio(new FileSystemResource(clip.path()), clip.file(), Files.size(clip.path()))),
                VoiceLibrary.CONSENT_EXPLICIT).id();
    }

    private JsonNode postPls(byte[] file) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/v1/pronunciations/import"))
                .header("Authorization", "Bearer " + api.apiKey()).header("Content-Type", "application/pls+xml")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(response.body());
    }

    private static Path writeTemp(String content) throws IOException {
        Path file = Files.createTempFile("lexicon-", ".pls");
        Files.writeString(file, content);
        return file;
    }
}
