package app.utter.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;

import app.utter.UtterApplication;
import app.utter.accounts.Accounts;
import app.utter.storage.BlobStore;
import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.LocalS3;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;
import app.utter.tts.FakeWorker;
import app.utter.voices.VoiceLibrary;

/**
 * Audio storage in an S3 bucket against the local folder, each through the app's own blob store: throughput of 16 MB
 * files (at the multipart threshold: uploaded in 8 MB parts), the store's own time to keep a short generation's
 * audio, and the app's overhead per short generation (POST to finished generation, less the fake worker's own time
 * on it), the two apps taking turns. The bucket is the moto server the tests use, a Python process on the same
 * machine. Run with {@code ./utter bench}.
 */
public final class StorageBenchmark {

    static final int FILE_MB = 16;
    static final int FILES = 6;
    static final int WARM_UP = 100;
    static final int GENERATIONS = 200;

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // as in GenerationBenchmark: no delayed-ACK waits
        Path work = Files.createTempDirectory("utter-storage-bench-");
        Path file = work.resolve("audio.bin");
        byte[] bytes = new byte[FILE_MB * 1024 * 1024];
        new Random(1).nextBytes(bytes);
        Files.write(file, bytes);
        try (Side local = new Side("local folder", work.resolve("local"), Map.of());
                Side bucket = new Side("S3 bucket", work.resolve("s3"), LocalS3.get().settings("bench"))) {
            List<Side> sides = List.of(local, bucket);
            for (Side side : sides) {
                side.throughput = throughput(side.app.getBean(BlobStore.class), file);
                side.shortPut = shortPut(side.app.getBean(BlobStore.class));
            }
            // Turn about, so that the JIT's warming and the machine's moods fall on both alike.
            for (int i = 0; i < WARM_UP + GENERATIONS; i++) {
                for (Side side : sides) {
                    double overhead = side.shortGeneration(i);
                    if (i >= WARM_UP) {
                        side.overheads.add(overhead);
                    }
                }
            }
            System.out.println("Audio storage: the local folder and an S3 bucket (moto server on this machine)");
            System.out.printf("%-14s %12s %14s %20s %22s%n", "", "upload MB/s", "download MB/s",
                    "one 128 KB put, p50", "overhead p50 / p90");
            for (Side side : sides) {
                Collections.sort(side.overheads);
                System.out.printf("%-14s %12.1f %14.1f %17.2f ms %13.2f / %.2f ms%n", side.name, side.throughput[0],
                        side.throughput[1], side.shortPut, side.overheads.get(GENERATIONS / 2),
                        side.overheads.get(GENERATIONS * 9 / 10));
            }
        }
    }

    /** One app with its own fake worker, its storage, a person and a voice. */
    static final class Side implements AutoCloseable {
        final String name;
        final FakeWorker worker = FakeWorker.started().latency(Duration.ofMillis(20), Duration.ZERO);
        final ConfigurableApplicationContext app;
        final ApiClient api;
        final String voice;
        final JdbcClient jdbc;
        final List<Double> overheads = new ArrayList<>();
        double[] throughput;
        double shortPut;

        Side(String name, Path dataDir, Map<String, String> settings) throws Exception {
            this.name = name;
            app = start(dataDir, worker, settings);
            int port = ((WebServerApplicationContext) app).getWebServer().getPort();
            TestAccounts.TestUser user = new TestAccounts(app.getBean(Accounts.class), port).newUser("bench");
            voice = TestVoices.create(app.getBean(VoiceLibrary.class), user.owner(), "Bench",
                    AudioFixtures.voiceClips().getFirst()).id();
            api = user.api();
            jdbc = app.getBean(JdbcClient.class);
        }

        /**
         * App overhead of one short generation as the README defines it: from the client's POST to the app's
         * finished_at, less the fake worker's own time on it, in ms. The client waits on the generation's event
         * stream, as the page does.
         */
        double shortGeneration(int i) {
            Instant before = Instant.now();
            String id = api.postJson("/api/v1/generations", Map.of("voice_id", voice,
                    "text", "Hello there, how are you today? Number " + i + ".")).json().get("id").asString();
            String events = api.get("/api/v1/generations/" + id + "/events", "Accept", "text/event-stream").text();
            if (!events.contains("\"succeeded\"")) {
                throw new IllegalStateException("Generation " + id + " did not succeed: " + events);
            }
            Instant finished = jdbc.sql("SELECT finished_at FROM generations WHERE id = :id").param("id", id)
                    .query((row, n) -> row.getObject(1, OffsetDateTime.class).toInstant()).single();
            double workerMs = worker.lastAnswered(seen -> seen.path().equals("/v1/synthesize")).orElseThrow()
                    .time().toNanos() / 1e6;
            return Duration.between(before, finished).toNanos() / 1e6 - workerMs;
        }

        @Override
        public void close() {
            app.close();
            worker.close();
        }
    }

    static ConfigurableApplicationContext start(Path dataDir, FakeWorker worker, Map<String, String> settings) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--utter.data-dir=" + dataDir, "--utter.tts.worker.base-url=" + worker.baseUrl(),
                "--utter.accounts.limits.characters-per-day=" + Integer.MAX_VALUE));
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(UtterApplication.class).run(args.toArray(String[]::new));
    }

    /** Upload and download rates of {@link #FILES} files of {@link #FILE_MB} MB, after one of each to warm up. */
    static double[] throughput(BlobStore store, Path file) throws Exception {
        store.put("bench/warm-up.bin", file);
        read(store.get("bench/warm-up.bin").orElseThrow());
        long up = 0;
        long down = 0;
        for (int i = 0; i < FILES; i++) {
            long start = System.nanoTime();
            store.put("bench/file-" + i + ".bin", file);
            up += System.nanoTime() - start;
            start = System.nanoTime();
            read(store.get("bench/file-" + i + ".bin").orElseThrow());
            down += System.nanoTime() - start;
        }
        store.deleteAll("bench");
        double megabytes = (double) FILE_MB * FILES;
        return new double[] {megabytes / (up / 1e9), megabytes / (down / 1e9)};
    }

    /** The store's own time to keep a short generation's audio (128 KB, about 2.7 s of speech): p50 of 100, in ms. */
    static double shortPut(BlobStore store) throws Exception {
        byte[] audio = new byte[128 * 1024];
        new Random(2).nextBytes(audio);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            long start = System.nanoTime();
            store.put("bench/short-" + i + ".wav", audio);
            if (i >= 20) {
                times.add((System.nanoTime() - start) / 1e6);
            }
        }
        store.deleteAll("bench");
        Collections.sort(times);
        return times.get(times.size() / 2);
    }

    private static void read(Resource resource) throws Exception {
        try (InputStream in = resource.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
