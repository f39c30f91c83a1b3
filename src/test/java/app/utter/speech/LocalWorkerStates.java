package app.utter.speech;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import app.utter.support.ApiClient;
import tools.jackson.databind.JsonNode;

/** The local worker's states as the admin's Speech API shows them, followed until one is reached. */
final class LocalWorkerStates {

    private LocalWorkerStates() {
    }

    static JsonNode now(ApiClient admin) {
        return admin.get("/api/v1/admin/speech").json().get("local");
    }

    /** Every state seen, every 100 ms, until {@code phase} (3 minutes at most; a failure on the way fails). */
    static List<JsonNode> until(ApiClient admin, String phase) {
        List<JsonNode> seen = new ArrayList<>();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            JsonNode state = now(admin);
            seen.add(state);
            String reached = state.get("phase").asString();
            if (reached.equals(phase)) {
                return seen;
            }
            if (reached.equals("failed")) {
                throw new AssertionError("the local worker failed on its way to " + phase + ": " + state);
            }
            pause();
        }
        throw new AssertionError("the local worker did not reach " + phase + ": " + seen.getLast());
    }

    static JsonNode reach(ApiClient admin, String phase) {
        return until(admin, phase).getLast();
    }

    static String dataDir() {
        try {
            return Files.createTempDirectory("utter-speech-").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
