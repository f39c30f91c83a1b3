package app.utter.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import app.utter.UtterApplication;
import app.utter.accounts.Accounts;
import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.TestAccounts;
import app.utter.tts.PythonWorker;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Many people generating at once, with the shipped defaults, against the real Python worker and its fake engine:
 * one "GPU" that decodes every open stream in one step of fixed cost (a flat batch cost), so that what the figures
 * show is how the app and the worker's scheduler share it. Each user is an account of its own with its own voice,
 * and all users of a round submit at the same moment. Run with {@code ./utter bench}.
 */
public final class ConcurrencyBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String FRAME_SECONDS = "0.005"; // the fake's cost of one step: 12.5 frames a second of audio
    private static final String SHORT = "The quick brown fox jumps over the lazy dog.";
    private static final String SENTENCE = "The quick brown fox jumps over the lazy dog, and the dog does not mind. ";
    private static final int[] USERS = {1, 8, 16};

    private record User(ApiClient api, String voiceId) {
    }

    /** One generation as its user saw it: until the first part could be heard, and its app overhead. */
    private record Run(double firstAudioMillis, double overheadMillis) {
    }

    private final ConfigurableApplicationContext app;
    private final JdbcClient jdbc;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<User> users = new ArrayList<>();
    private final int port;

    private ConcurrencyBenchmark(ConfigurableApplicationContext app) {
        this.app = app;
        this.jdbc = app.getBean(JdbcClient.class);
        this.port = ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    public static void main(String[] args) throws Exception {
        Thread.ofPlatform().daemon().start(() -> {
            GenerationBenchmark.pause(Duration.ofMinutes(10));
            System.err.println("Concurrency benchmark: still running after 10 minutes; stopped.");
            Runtime.getRuntime().halt(1);
        });
        try (PythonWorker worker = PythonWorker.start(Map.of("UTTER_FAKE_FRAME_SECONDS", FRAME_SECONDS))) {
            List<Run> before;
            try (ConfigurableApplicationContext app = start(worker, "--utter.generation.concurrent-jobs=2",
                    "--utter.generation.parallel-chunks=4")) {
                ConcurrencyBenchmark bench = new ConcurrencyBenchmark(app);
                bench.addUsers(8);
                bench.rounds(8, 10, SHORT); // warm-up
                before = bench.rounds(8, 12, SHORT);
            }
            try (ConfigurableApplicationContext app = start(worker)) {
                new ConcurrencyBenchmark(app).run(before);
            }
        }
    }

    private static ConfigurableApplicationContext start(PythonWorker worker, String... settings) throws IOException {
        List<String> args = new ArrayList<>(List.of("--server.port=0",
                "--utter.data-dir=" + Files.createTempDirectory("utter-concurrency-bench-").resolve("data"),
                "--logging.level.root=WARN", "--utter.tts.worker.base-url=" + worker.baseUrl(),
                "--utter.tts.worker.bearer-token=" + worker.token(), "--management.endpoint.health.show-details=always",
                "--utter.accounts.limits.characters-per-day=" + Integer.MAX_VALUE));
        args.addAll(List.of(settings));
        return new SpringApplicationBuilder(UtterApplication.class).run(args.toArray(String[]::new));
    }

    private void addUsers(int count) {
        TestAccounts accounts = new TestAccounts(app.getBean(Accounts.class), port);
        Path clip = AudioFixtures.DIR.resolve("nature-en.wav");
        for (int u = 0; u < count; u++) {
            ApiClient api = accounts.newUser("listener").api();
            users.add(new User(api, createVoice(api, clip)));
        }
    }

    /** The figures with the shipped defaults; {@code fixedTwoJobs}: 8 users of short texts with the old fixed sizing. */
    private void run(List<Run> fixedTwoJobs) throws Exception {
        JsonNode sizing = awaitSizing();
        addUsers(USERS[USERS.length - 1]);
        String thousand = SENTENCE.repeat(1_000 / SENTENCE.length() + 1).substring(0, 999) + ".";
        rounds(16, 40, SHORT); // warm-up: the JIT (it compiles for about 45 s of load on 2 cores), the caches

        Table table = new Table();
        table.section("Short text (" + SHORT.length() + " characters, one part): until it can be heard", true);
        List<List<Run>> shortRuns = new ArrayList<>();
        for (int n : USERS) {
            shortRuns.add(rounds(n, n == 1 ? 40 : 96 / n, SHORT));
        }
        table.row("first audio, p50", shortRuns, r -> r.firstAudioMillis(), 50);
        table.row("first audio, p99", shortRuns, r -> r.firstAudioMillis(), 99);
        table.row("app overhead (end to end minus the worker's own time), p50", shortRuns, Run::overheadMillis, 50);
        table.row("app overhead, p99", shortRuns, Run::overheadMillis, 99);
        table.section("1,000 characters (" + parts(thousand) + " parts): until the first part can be heard", true);
        List<List<Run>> longRuns = new ArrayList<>();
        for (int n : USERS) {
            longRuns.add(rounds(n, n == 1 ? 6 : Math.max(2, 24 / n), thousand));
        }
        table.row("first audio, p50", longRuns, Run::firstAudioMillis, 50);
        table.row("first audio, max", longRuns, Run::firstAudioMillis, 100);
        table.section("Short text, 8 users: the fixed sizing of before (2 jobs, 4 parts per job) -> the shipped sizing",
                false);
        table.pair("first audio, p50", fixedTwoJobs, shortRuns.get(1), Run::firstAudioMillis, 50);
        table.pair("app overhead, p50", fixedTwoJobs, shortRuns.get(1), Run::overheadMillis, 50);
        table.pair("app overhead, p99", fixedTwoJobs, shortRuns.get(1), Run::overheadMillis, 99);

        System.out.printf("%nConcurrency benchmark: Utter with its shipped defaults (H2 + local folder; sized from the "
                + "worker: %d jobs, %d parts per job, %d worker requests in flight) against the Python worker's fake "
                + "engine (%s s per decoding step for every open stream, %d streams, %d waiting; 12.5 frames a second "
                + "of audio, the first 8 frames a chunk)%n", sizing.get("concurrentJobs").asInt(),
                sizing.get("parallelChunks").asInt(), sizing.get("workerRequests").asInt(), FRAME_SECONDS,
                workerCapacity().get("streams").asInt(), workerCapacity().get("queue").asInt());
        table.print();
        double ratio8 = pct(shortRuns.get(1), Run::firstAudioMillis, 50) / pct(shortRuns.get(0), Run::firstAudioMillis, 50);
        double longRatio8 = pct(longRuns.get(1), Run::firstAudioMillis, 50) / pct(longRuns.get(0), Run::firstAudioMillis, 50);
        System.out.printf("""
                First audio at 8 users over 1 user, p50: %.2fx (short text), %.2fx (1,000 characters); target <= 1.5x.
                How measured: each user POSTs, then follows the generation's /events stream as the web page does;
                first audio is when an event says the first part can be played, measured on the client's clock.
                App overhead: POST until the app's finished_at, minus worker_ms, the worker's own time on the
                generation's requests as the worker reports it in each stream's end frame (waiting for a free
                stream included). App, worker and clients share the machine's %d cores.
                """, ratio8, longRatio8, Runtime.getRuntime().availableProcessors());
    }

    /** {@code n} users at once, {@code count} rounds, all users of a round starting together. */
    private List<Run> rounds(int n, int count, String text) throws Exception {
        List<Run> runs = Collections.synchronizedList(new ArrayList<>());
        CyclicBarrier together = new CyclicBarrier(n);
        try (ExecutorService clients = Executors.newFixedThreadPool(n)) {
            List<Future<?>> all = new ArrayList<>();
            for (int u = 0; u < n; u++) {
                User user = users.get(u);
                all.add(clients.submit(() -> {
                    for (int i = 0; i < count; i++) {
                        together.await();
                        runs.add(generate(user, text));
                    }
                    return null;
                }));
            }
            for (Future<?> user : all) {
                user.get();
            }
        }
        return List.copyOf(runs);
    }

    private Run generate(User user, String text) throws IOException, InterruptedException {
        Instant before = Instant.now();
        long start = System.nanoTime();
        String id = user.api().postJson("/api/v1/generations", Map.of("voice_id", user.voiceId(), "text", text))
                .json().get("id").asString();
        double firstAudio = Double.NaN;
        HttpRequest events = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/generations/"
                + id + "/events")).header("Authorization", "Bearer " + user.api().apiKey()).GET().build();
        try (Stream<String> lines = http.send(events, HttpResponse.BodyHandlers.ofLines()).body()) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (!line.startsWith("data:")) {
                    continue;
                }
                JsonNode state = JSON.readTree(line.substring(5));
                if (Double.isNaN(firstAudio) && state.path("progress").path("chunks_playable").asInt() > 0) {
                    firstAudio = (System.nanoTime() - start) / 1e6;
                }
                if (!List.of("queued", "running").contains(state.path("status").asString())) {
                    break;
                }
            }
        }
        Map<String, Object> row = jdbc.sql("SELECT status, finished_at, worker_ms FROM generations WHERE id = ?")
                .param(id).query().singleRow();
        if (!"SUCCEEDED".equals(row.get("status"))) {
            throw new IllegalStateException("generation " + id + " ended " + row.get("status"));
        }
        Instant finished = ((OffsetDateTime) row.get("finished_at")).toInstant();
        double overhead = Duration.between(before, finished).toNanos() / 1e6 - ((Number) row.get("worker_ms")).doubleValue();
        return new Run(firstAudio, overhead);
    }

    private JsonNode awaitSizing() {
        ApiClient anonymous = new ApiClient(port);
        Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode details = anonymous.get("/actuator/health").json().path("components").path("generation")
                    .path("details");
            if (details.path("basis").asString("").startsWith("the worker")) {
                return details;
            }
            GenerationBenchmark.pause(Duration.ofMillis(100));
        }
        throw new IllegalStateException("the app did not learn the worker's capacity");
    }

    private JsonNode workerCapacity() {
        return new ApiClient(port).get("/actuator/health").json().path("components").path("ttsWorker").path("details")
                .path("capacity");
    }

    private static String createVoice(ApiClient api, Path clip) {
        return api.postMultipart("/api/v1/voices", Map.of("name", "Voice", "audio", clip, "transcript",
                "Some call me nature, others call me mother nature.", "language", "English", "consent", "true"))
                .json().get("id").asString();
    }

    private int parts(String text) {
        return new app.utter.generation.TextSplitter().split(text).size();
    }

    private static double pct(List<Run> runs, java.util.function.ToDoubleFunction<Run> value, int p) {
        return UploadBenchmark.percentile(runs.stream().mapToDouble(value).sorted().toArray(), p);
    }

    /** Rows of a figure at 1, 8 and 16 users and its target, under section headings. */
    private static final class Table {
        private final List<String> lines = new ArrayList<>();

        void section(String title, boolean byUsers) {
            lines.add("");
            lines.add(title);
            if (byUsers) {
                lines.add(String.format("  %-62s %12s %12s %12s", "", "1 user", "8 users", "16 users"));
            }
        }

        void row(String figure, List<List<Run>> byUsers, java.util.function.ToDoubleFunction<Run> value, int p) {
            lines.add(String.format("  %-62s %12s %12s %12s", figure, ms(pct(byUsers.get(0), value, p)),
                    ms(pct(byUsers.get(1), value, p)), ms(pct(byUsers.get(2), value, p))));
        }

        void pair(String figure, List<Run> before, List<Run> now, java.util.function.ToDoubleFunction<Run> value,
                int p) {
            lines.add(String.format("  %-62s %12s -> %s", figure, ms(pct(before, value, p)), ms(pct(now, value, p))));
        }

        void print() {
            lines.forEach(System.out::println);
        }

        private static String ms(double millis) {
            return String.format("%.1f ms", millis);
        }
    }
}
