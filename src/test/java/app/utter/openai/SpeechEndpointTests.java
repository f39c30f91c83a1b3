package app.utter.openai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import app.utter.generation.Generation;
import app.utter.support.ApiClient;
import app.utter.tts.FakeWorker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** /v1/audio/speech over plain HTTP: streaming as chunks appear, OpenAI's events, problems, failures, leaving. */
class SpeechEndpointTests extends SpeechApiTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String LONG_TEXT = "Every sentence here becomes part of a chunk of speech, one after another. ".repeat(25);

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void pcmStreamsWhileTheGenerationRuns() throws Exception {
        WORKER.latency(Duration.ofMillis(200), Duration.ZERO);
        HttpResponse<InputStream> response = post(Map.of("input", LONG_TEXT, "voice", voiceId, "response_format", "pcm"));
        assertThat(response.statusCode()).isEqualTo(200);
        String id = response.headers().firstValue(SpeechController.GENERATION_HEADER).orElseThrow();

        try (InputStream body = response.body()) {
            byte[] first = body.readNBytes(4800);
            Generation meanwhile = generations.get(user.owner(), id);
            byte[] rest = body.readAllBytes();

            assertThat(first).hasSize(4800);
            assertThat(meanwhile.status()).isEqualTo(Generation.Status.RUNNING);
            assertThat(meanwhile.chunksDone()).isLessThan(meanwhile.chunksTotal());
            assertThat(awaitFinished(id).status()).isEqualTo(Generation.Status.SUCCEEDED);
            byte[] stored = api().get("/api/v1/generations/" + id + "/audio?format=pcm").body();
            assertThat(concat(first, rest)).isEqualTo(stored); // streamed while made, the same as kept
        }
    }

    @Test
    void wavStreamsWithAnOpenLengthHeader() throws Exception {
        HttpResponse<InputStream> response = post(Map.of("input", LONG_TEXT, "voice", voiceId, "response_format", "wav"));
        byte[] wav = response.body().readAllBytes();
        String id = response.headers().firstValue(SpeechController.GENERATION_HEADER).orElseThrow();

        assertThat(response.headers().firstValue("Content-Type")).contains("audio/wav");
        assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
        assertThat(java.util.Arrays.copyOfRange(wav, 40, 44)).containsOnly((byte) 0xFF);
        assertThat(decodedDuration(wav)).isCloseTo(awaitFinished(id).duration(), Duration.ofMillis(5));
    }

    @Test
    void eventsCarryTheAudioAndTheUsage() throws Exception {
        HttpResponse<InputStream> response = post(Map.of("input", LONG_TEXT, "voice", voiceId, "response_format", "pcm",
                "stream_format", "sse"));
        String id = response.headers().firstValue(SpeechController.GENERATION_HEADER).orElseThrow();
        List<JsonNode> events = events(response);

        assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
        List<JsonNode> deltas = events.subList(0, events.size() - 1);
        assertThat(deltas).hasSizeGreaterThan(1).allSatisfy(e -> assertThat(e.get("type").asString()).isEqualTo("speech.audio.delta"));
        byte[] audio = deltas.stream().map(e -> Base64.getDecoder().decode(e.get("audio").asString()))
                .reduce(new byte[0], SpeechEndpointTests::concat);
        assertThat(audio).isEqualTo(api().get("/api/v1/generations/" + id + "/audio?format=pcm").body());
        JsonNode done = events.getLast();
        assertThat(done.get("type").asString()).isEqualTo("speech.audio.done");
        assertThat(done.get("usage").get("input_tokens").asInt()).isEqualTo(LONG_TEXT.strip().length());
        assertThat(done.get("usage").get("total_tokens").asInt()).isEqualTo(LONG_TEXT.strip().length());
    }

    @Test
    void eventsOfAnEncodedFormatCarryTheWholeFile() throws Exception {
        List<JsonNode> events = events(post(Map.of("input", "Short and sweet.", "voice", voiceId,
                "response_format", "opus", "stream_format", "sse")));

        assertThat(events).hasSize(2);
        assertThat(Base64.getDecoder().decode(events.getFirst().get("audio").asString())).startsWith("OggS".getBytes());
        assertThat(events.getLast().get("type").asString()).isEqualTo("speech.audio.done");
    }

    @Test
    void badRequestsAreProblemsWithAnOpenAiError() throws Exception {
        expectProblem(Map.of("input", "Hi", "voice", "nobody"), 404, "voice", "voice_not_found");
        expectProblem(Map.of("input", "", "voice", voiceId), 400, "input", "invalid_speech_request");
        expectProblem(Map.of("input", "x".repeat(10_001), "voice", voiceId), 400, "input", "invalid_speech_request");
        expectProblem(Map.of("input", "Hi"), 400, "voice", "invalid_speech_request");
        expectProblem(Map.of("input", "Hi", "voice", voiceId, "response_format", "ogg"), 400, "response_format",
                "invalid_speech_request");
        expectProblem(Map.of("input", "Hi", "voice", voiceId, "speed", 4.5), 400, "speed", "invalid_speech_request");
        expectProblem(Map.of("input", "Hi", "voice", voiceId, "speed", 0.2), 400, "speed", "invalid_speech_request");
        expectProblem(Map.of("input", "Hi", "voice", voiceId, "stream_format", "ws"), 400, "stream_format",
                "invalid_speech_request");
        expectProblem(Map.of("input", "Hi", "voice", voiceId, "speed", "fast"), 400, "speed", "invalid_json");
        // Names alike can only be left from before they had to differ: the twin is renamed in the database.
        String twin = createVoice("Twin of " + voiceName);
        jdbc.sql("UPDATE voices SET name = :name WHERE id = :id").param("name", voiceName.toLowerCase())
                .param("id", twin).update();
        JsonNode ambiguous = expectProblem(Map.of("input", "Hi", "voice", voiceName), 400, "voice", "ambiguous_voice");
        assertThat(ambiguous.get("detail").asString()).contains("2 voices are named").contains(voiceId);
    }

    @Test
    void aVoiceCanBeNamedAsOpenAisCustomVoicesAre() throws Exception {
        HttpResponse<InputStream> response = post(Map.of("input", "Hi there.", "voice", Map.of("id", voiceId),
                "model", "anything", "response_format", "flac"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body().readAllBytes()).startsWith("fLaC".getBytes());
    }

    @Test
    void aGenerationThatFailsBeforeAnyAudioIsABadGatewayProblem() throws Exception {
        WORKER.fail(java.util.Collections.nCopies(6, FakeWorker.Fault.SERVER_ERROR).toArray(FakeWorker.Fault[]::new));
        JsonNode problem = expectProblem(Map.of("input", "This will not work.", "voice", voiceId, "response_format", "pcm"),
                502, null, "speech_failed");
        assertThat(problem.get("detail").asString()).contains("Utter tried 3 times and stopped").doesNotContain("http");
        assertThat(problem.get("error").get("type").asString()).isEqualTo("server_error");
    }

    @Test
    void aGenerationCancelledMidwayEndsTheEventsWithAnError() throws Exception {
        WORKER.latency(Duration.ofMillis(200), Duration.ZERO);
        HttpResponse<InputStream> response = post(Map.of("input", LONG_TEXT, "voice", voiceId, "response_format", "pcm",
                "stream_format", "sse"));
        generations.cancel(user.owner(), response.headers().firstValue(SpeechController.GENERATION_HEADER).orElseThrow());
        List<JsonNode> events = events(response);

        assertThat(events.getFirst().get("type").asString()).isEqualTo("speech.audio.delta");
        assertThat(events.getLast().get("type").asString()).isEqualTo("error");
        assertThat(events.getLast().get("error").get("message").asString()).contains("cancelled");
    }

    @Test
    void aGenerationCancelledMidwayEndsRawAudioShort() throws Exception {
        WORKER.latency(Duration.ofMillis(200), Duration.ZERO);
        HttpResponse<InputStream> response = post(Map.of("input", LONG_TEXT, "voice", voiceId, "response_format", "pcm"));
        generations.cancel(user.owner(), response.headers().firstValue(SpeechController.GENERATION_HEADER).orElseThrow());

        int fullLength = LONG_TEXT.length() * FakeWorker.SAMPLES_PER_CHAR * 2;
        assertThat(response.body().readAllBytes().length).isBetween(1, fullLength * 3 / 4); // the chunks made before the cancel
    }

    @Test
    void aClientThatLeavesCancelsItsGeneration() throws Exception {
        WORKER.latency(Duration.ofMillis(200), Duration.ZERO);
        String id;
        try (java.net.Socket socket = new java.net.Socket("localhost", port)) { // closes its connection for sure
            byte[] body = JSON.writeValueAsBytes(Map.of("input", LONG_TEXT, "voice", voiceId, "response_format", "pcm"));
            socket.getOutputStream().write(("POST /v1/audio/speech HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Bearer " + user.api().apiKey() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes());
            socket.getOutputStream().write(body);
            String head = new String(socket.getInputStream().readNBytes(1000), java.nio.charset.StandardCharsets.ISO_8859_1);
            id = head.lines().filter(line -> line.startsWith(SpeechController.GENERATION_HEADER + ":")).findFirst()
                    .orElseThrow().substring(SpeechController.GENERATION_HEADER.length() + 1).strip();
        }
        assertThat(awaitFinished(id).status()).isEqualTo(Generation.Status.CANCELLED);
    }

    HttpResponse<InputStream> post(Map<String, Object> body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/v1/audio/speech"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + user.api().apiKey())
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    }

    JsonNode expectProblem(Map<String, Object> body, int status, String param, String code) throws Exception {
        HttpResponse<InputStream> response = post(new HashMap<>(body));
        JsonNode problem = JSON.readTree(response.body().readAllBytes());
        assertThat(response.statusCode()).as(problem.toString()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/problem+json");
        assertThat(problem.get("type").asString()).endsWith("/" + code.replace('_', '-'));
        assertThat(problem.get("error").get("message").asString()).isEqualTo(problem.get("detail").asString());
        assertThat(problem.get("error").get("code").asString()).isEqualTo(code);
        assertThat(problem.get("error").path("param").asString(null)).isEqualTo(param);
        return problem;
    }

    static List<JsonNode> events(HttpResponse<InputStream> response) throws Exception {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes()).lines().filter(line -> line.startsWith("data:"))
                    .map(line -> JSON.readTree(line.substring(5))).toList();
        }
    }

    ApiClient api() {
        return user.api();
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
