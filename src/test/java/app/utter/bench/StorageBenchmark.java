package app.utter.bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.Resource;

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
 * Audio storage in an S3 bucket against the local folder, each through the app's own blob store: upload and download
 * throughput of 16 MB files (one part, and in parts), and the app's overhead per short generation (the OpenAI
 * endpoint's whole answer, less the fake worker's own time on it). The bucket is the moto server the tests use, a
 * Python process on the same machine. Run with {@code ./utter bench}.
 */
public final class StorageBenchmark {

    static final int FILE_MB = 16;
    static final int FILES = 6;
    static final int GENERATIONS = 200;

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true"); // as in GenerationBenchmark: no delayed-ACK waits
        Path work = Files.createTempDirectory("utter-storage-bench-");
        Path file = work.resolve("audio.bin");
        byte[] bytes = new byte[FILE_MB * 1024 * 1024];
        new Random(1).nextBytes(bytes);
        Files.write(file, bytes);
        System.out.println("Audio storage: the local folder and an S3 bucket (moto server on this machine)");
        System.out.printf("%-28s %14s %14s %18s%n", "", "upload MB/s", "download MB/s", "overhead p50/p90");
        for (String kind : List.of("local", "s3")) {
            Map<String, String> settings = kind.equals("s3") ? LocalS3.get().settings("bench") : Map.of();
            try (FakeWorker worker = FakeWorker.started().latency(Duration.ofMillis(20), Duration.ZERO);
                    ConfigurableApplicationContext app = start(work.resolve(kind), worker, settings)) {
                BlobStore store = app.getBean(BlobStore.class);
                double[] throughput = throughput(store, file);
                double[] overhead = overhead(app, worker);
                System.out.printf("%-28s %14.1f %14.1f %11.2f / %.2f ms%n", kind.equals("s3") ? "S3 bucket" :
                        "local folder", throughput[0], throughput[1], overhead[0], overhead[1]);
            }
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

    /** App overhead per short generation through /v1/audio/speech, p50 and p90 in ms, after 20 to warm up. */
    static double[] overhead(ConfigurableApplicationContext app, FakeWorker worker) throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        TestAccounts.TestUser user = new TestAccounts(app.getBean(Accounts.class), port).newUser("bench");
        String voice = TestVoices.create(app.getBean(VoiceLibrary.class), user.owner(), "Bench",
                AudioFixtures.voiceClips().getFirst()).id();
        ApiClient api = user.api();
        List<Double> overheads = new ArrayList<>();
        for (int i = 0; i < GENERATIONS + 20; i++) {
            long start = System.nanoTime();
            ApiClient.Response speech = api.postJson("/v1/audio/speech", Map.of("model", "tts-1", "voice", voice,
                    "input", "Hello there, how are you today? Number " + i + ".", "response_format", "wav"));
            double total = (System.nanoTime() - start) / 1e6;
            if (speech.status() != 200) {
                throw new IllegalStateException("speech failed: " + speech.text());
            }
            double workerMs = worker.lastAnswered(seen -> seen.path().equals("/v1/synthesize")).orElseThrow()
                    .time().toNanos() / 1e6;
            if (i >= 20) {
                overheads.add(total - workerMs);
            }
        }
        Collections.sort(overheads);
        return new double[] {overheads.get(overheads.size() / 2), overheads.get(overheads.size() * 9 / 10)};
    }

    private static void read(Resource resource) throws Exception {
        try (InputStream in = resource.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
