package app.utter.speech;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

import app.utter.tts.WorkerAddress;
import tools.jackson.databind.json.JsonMapper;

/**
 * How fast a worker speaks on this machine: one sentence in a voice made from a clip of the repository, timed.
 * The answer, seconds of speech made per second, tells people what to expect (below 1 on most CPUs).
 */
final class SpeedCheck {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TRANSCRIPT = "Some call me nature, others call me mother nature.";
    private static final String SENTENCE = "This sentence shows how fast speech is made on this machine.";
    private static final int SAMPLE_RATE = 24_000;

    private final HttpClient http;
    private final Path clip;

    SpeedCheck(HttpClient http, Path clip) {
        this.http = http;
        this.clip = clip;
    }

    /** Seconds of speech per second of work, or null when it cannot be measured (no clip, a failure: in the log). */
    Double measure(WorkerAddress worker) throws InterruptedException {
        if (!Files.isReadable(clip)) {
            return null;
        }
        try {
            String prompt = JSON.readTree(post(worker, "/v1/prompts", Map.of("audio",
                    Base64.getEncoder().encodeToString(Files.readAllBytes(clip)), "transcript", TRANSCRIPT), "application/json"))
                    .path("prompt").asString();
            long started = System.nanoTime();
            byte[] wav = post(worker, "/v1/synthesize", Map.of("text", SENTENCE, "language", "English", "prompt", prompt,
                    "seed", 1), "audio/wav");
            double seconds = (System.nanoTime() - started) / 1e9;
            double spoken = (wav.length - 44) / 2.0 / SAMPLE_RATE;
            return spoken > 0 ? Math.round(spoken / seconds * 100) / 100.0 : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private byte[] post(WorkerAddress worker, String path, Map<String, Object> body, String accept)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(worker.baseUrl() + path))
                .timeout(Duration.ofMinutes(5)).header("Authorization", "Bearer " + worker.bearerToken())
                .header("Content-Type", "application/json").header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<byte[]> answer = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IOException(path + " answered " + answer.statusCode());
        }
        return answer.body();
    }
}
