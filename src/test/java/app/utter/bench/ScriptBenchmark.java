package app.utter.bench;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import app.utter.UtterApplication;
import app.utter.accounts.Accounts;
import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;
import app.utter.tts.FakeWorker;
import app.utter.voices.VoiceLibrary;
import tools.jackson.databind.JsonNode;

/**
 * Rendering long scripts against the in-repo fake worker, which decodes {@link #STREAMS} requests at once and says
 * so in its health, as a batching GPU worker does: wall time of a 10,000- and a 100,000-character script in three
 * voices against the ideal (the worker's speaking time divided by its streams), and the app's heap after garbage
 * collection while rendering and exporting the whole. Shipped defaults: Utter sizes itself from the worker.
 * Run with {@code ./utter bench}.
 */
public final class ScriptBenchmark {

    static final int STREAMS = 8;
    static final int QUEUE = 8;
    static final Duration FIRST_FRAME = Duration.ofMillis(40);
    static final Duration PER_FRAME = Duration.ofMillis(4); // a frame is 4 characters of speech: 1 ms a character
    static final List<String> LINES = List.of(
            "The lamps along the harbour came on one by one, and the fishing boats turned for home.",
            "Nobody in the village could remember a winter as long as this one, or a spring so late.",
            "She counted the steps to the lighthouse twice, because the first count seemed too small.",
            "A letter had arrived that morning, without a stamp, addressed to someone who had left years ago.");

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // as in GenerationBenchmark: no delayed-ACK waits
        Thread.ofPlatform().daemon().start(() -> {
            sleep(Duration.ofMinutes(10));
            System.err.println("Script benchmark: still running after 10 minutes; stopped.");
            Runtime.getRuntime().halt(1);
        });
        Path work = Files.createTempDirectory("utter-script-bench-");
        try (FakeWorker worker = FakeWorker.started().capacity(STREAMS, QUEUE).decodeAtMost(STREAMS)
                .latency(FIRST_FRAME, PER_FRAME);
                ConfigurableApplicationContext app = new SpringApplicationBuilder(UtterApplication.class)
                        .run("--server.port=0", "--utter.data-dir=" + work.resolve("data"),
                                "--logging.level.root=WARN", "--utter.tts.worker.base-url=" + worker.baseUrl(),
                                "--utter.accounts.limits.characters-per-day=" + Integer.MAX_VALUE)) {
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            TestAccounts.TestUser user = new TestAccounts(app.getBean(Accounts.class), port).newUser("author");
            Map<String, String> cast = new LinkedHashMap<>();
            List<AudioFixtures.Clip> clips = AudioFixtures.voiceClips();
            for (String speaker : List.of("Narrator", "Ada", "Ben")) {
                cast.put(speaker, TestVoices.create(app.getBean(VoiceLibrary.class), user.owner(), speaker,
                        clips.get(cast.size() * 3)).id());
            }
            HeapWatch heap = new HeapWatch();
            render(user.api(), port, cast, 3_000, worker, heap); // warm-up: the worker's capacity is known after it
            System.out.println("Script rendering against the fake worker (" + STREAMS + " streams, "
                    + FIRST_FRAME.toMillis() + " ms to first audio, 1 ms a character; shipped defaults)");
            System.out.printf("%-12s %9s %10s %10s %8s %14s%n", "characters", "segments", "wall s", "ideal s",
                    "ratio", "heap after GC");
            Run small = render(user.api(), port, cast, 10_000, worker, heap);
            Run large = render(user.api(), port, cast, 100_000, worker, heap);
            for (Run run : List.of(small, large)) {
                System.out.printf("%-12s %9d %10.2f %10.2f %7.3fx %11.1f MB%n", String.format("%,d", run.characters),
                        run.segments, run.wallSeconds, run.idealSeconds, run.wallSeconds / run.idealSeconds,
                        run.heapAfterGc / 1e6);
            }
            System.out.printf("wall/ideal at 100,000 characters: %.3fx (target <= 1.1x); heap after GC %+.1f%% "
                    + "from 10,000 to 100,000 characters (target within 20%%); whole WAV of 100,000 characters: "
                    + "%.1f MB exported in %.2f s%n", large.wallSeconds / large.idealSeconds,
                    100.0 * (large.heapAfterGc - small.heapAfterGc) / small.heapAfterGc, large.exportBytes / 1e6,
                    large.exportSeconds);
        }
    }

    record Run(int characters, int segments, double wallSeconds, double idealSeconds, long heapAfterGc,
               long exportBytes, double exportSeconds) {
    }

    /** Creates a script of about {@code characters}, renders it, exports the whole and measures both. */
    static Run render(ApiClient api, int port, Map<String, String> cast, int characters, FakeWorker worker,
            HeapWatch heap) throws Exception {
        System.gc();
        worker.forget();
        heap.start();
        JsonNode script = api.postJson("/api/v1/scripts", Map.of("title", "Benchmark " + characters,
                "text", labelledText(characters), "speakers", cast)).json();
        String path = "/api/v1/scripts/" + script.get("id").asString();
        Duration spokenBefore = worker.speakingTime();
        long start = System.nanoTime();
        api.postJson(path + "/render", Map.of());
        JsonNode progress;
        do {
            sleep(Duration.ofMillis(500)); // as often as the script page looks
            progress = api.get(path).json().get("progress");
        } while (!progress.get("done").asBoolean() && progress.get("segments").get("failed").asInt() == 0);
        double wall = (System.nanoTime() - start) / 1e9;
        if (!progress.get("done").asBoolean()) {
            throw new IllegalStateException("Segments failed: " + progress);
        }
        double ideal = worker.speakingTime().minus(spokenBefore).toNanos() / 1e9 / STREAMS;
        long exportStart = System.nanoTime();
        HttpResponse<InputStream> whole = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + path + "/audio?format=wav"))
                .header("Authorization", "Bearer " + api.apiKey()).build(), HttpResponse.BodyHandlers.ofInputStream());
        long bytes;
        try (InputStream in = whole.body()) {
            bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        double export = (System.nanoTime() - exportStart) / 1e9;
        heap.stop();
        return new Run(script.get("characters").asInt(), progress.get("total").asInt(), wall, ideal,
                heap.maxAfterGcBytes(), bytes, export);
    }

    /** Dialogue in three voices, paragraphs of three to five sentences, a chapter heading every 10,000 characters. */
    static String labelledText(int characters) {
        StringBuilder text = new StringBuilder();
        List<String> speakers = List.of("Narrator", "Ada", "Ben");
        int paragraph = 0;
        int sinceHeading = Integer.MAX_VALUE;
        int spoken = 0; // labels are not spoken
        while (spoken < characters) {
            if (sinceHeading >= 10_000) {
                text.append("# Chapter ").append(paragraph / 20 + 1).append("\n\n");
                sinceHeading = 0;
            }
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < 3 + paragraph % 3; i++) {
                line.append(i == 0 ? "" : " ").append(LINES.get((paragraph + i) % LINES.size()));
            }
            text.append(speakers.get(paragraph % 3)).append(": ").append(line).append("\n\n");
            sinceHeading += line.length();
            spoken += line.length();
            paragraph++;
        }
        return text.toString();
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
