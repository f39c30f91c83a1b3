package app.utter.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.sun.management.GarbageCollectionNotificationInfo;

import app.utter.UtterApplication;
import app.utter.audio.PcmAudio;
import app.utter.audio.SpeechStitcher;
import app.utter.audio.Stitch;
import app.utter.storage.BlobStore;
import app.utter.accounts.Accounts;
import app.utter.support.ApiClient;
import app.utter.support.TestAccounts;
import app.utter.support.AudioFixtures;
import app.utter.tts.FakeWorker;
import app.utter.tts.SynthesisRequest;
import app.utter.tts.TtsEngine;
import app.utter.tts.VoicePrompt;
import app.utter.voices.VoicePrompts;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Generation figures against the in-repo fake TTS worker, whose timing is fixed and known so that Utter itself is
 * measured, at 1 and 16 concurrent users: bytes sent to the worker per generation, app overhead per short
 * generation, time to first audio of 1,000 characters, wall time of 10,000 characters, and peak memory.
 * App, fake worker and clients share this JVM (one clock). Run with {@code ./utter bench}.
 */
public final class GenerationBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int USERS = 16;
    private static final int PARALLEL_CHUNKS = 4;
    private static final String SHORT_TEXT = "Hello there, how are you today?";
    private static final Duration SHORT_WORKER = Duration.ofMillis(50);
    private static final Duration FIRST_FRAME = Duration.ofMillis(300);
    /** Between the fake worker's 960-sample frames (4 characters of speech): 2 ms per character. */
    private static final Duration PER_FRAME = Duration.ofMillis(8);
    private static final int FRAME_SAMPLES = 960;
    private static final String SENTENCE = "The quick brown fox jumps over the lazy dog, and the dog does not mind. ";

    /** What Qwen3-TTS's real prompt for this voice would weigh (docs/worker-protocol.md, "Prompt format"). */
    private static final String REAL_MODEL_KEY = "Qwen/Qwen3-TTS-12Hz-0.6B-Base@" + "0".repeat(40);
    private static final int REFERENCE_FRAMES = 375; // 12.5 codec frames per second, 30 s

    private final FakeWorker worker;
    private final ConfigurableApplicationContext app;
    private final JdbcClient jdbc;
    private final int port;
    private final HeapWatch heap = new HeapWatch();
    private final ChunkWatch chunks;
    private final TestAccounts accounts;
    private final AtomicLong seeds = new AtomicLong();
    private final List<User> users = new ArrayList<>();

    private GenerationBenchmark(FakeWorker worker, ConfigurableApplicationContext app) throws Exception {
        this.worker = worker;
        this.app = app;
        this.jdbc = app.getBean(JdbcClient.class);
        this.port = ((WebServerApplicationContext) app).getWebServer().getPort();
        this.chunks = new ChunkWatch(Path.of(app.getEnvironment().getRequiredProperty("utter.storage.local-root")));
        this.accounts = new TestAccounts(app.getBean(Accounts.class), port);
    }

    public static void main(String[] args) throws Exception {
        // The fake worker's HTTP server would otherwise leave Nagle's algorithm on, and its small stream frames would
        // wait for delayed ACKs (~40 ms a request on loopback): worker time that is neither fixed nor the app's.
        // The Python worker's server (uvicorn, asyncio) sends with TCP_NODELAY too.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Thread.ofPlatform().daemon().start(() -> {
            pause(Duration.ofMinutes(10));
            System.err.println("Generation benchmark: still running after 10 minutes; stopped.");
            Runtime.getRuntime().halt(1);
        });
        Path work = Files.createTempDirectory("utter-generation-bench-");
        Path clip = UploadBenchmark.thirtySecondWav(work);
        try (FakeWorker worker = new FakeWorker();
                ConfigurableApplicationContext app = new SpringApplicationBuilder(UtterApplication.class)
                        .run("--server.port=0", "--utter.data-dir=" + work.resolve("data"), "--logging.level.root=WARN",
                                "--utter.tts.worker.base-url=" + worker.baseUrl(),
                                "--utter.generation.concurrent-jobs=" + USERS,
                                "--utter.generation.parallel-chunks=" + PARALLEL_CHUNKS,
                                "--utter.accounts.limits.concurrent-jobs=" + USERS,
                                "--utter.accounts.limits.characters-per-day=" + Integer.MAX_VALUE)) {
            new GenerationBenchmark(worker, app).run(clip);
        }
    }

    private void run(Path clip) throws Exception {
        String transcript = thirtySecondTranscript();
        for (int u = 0; u < USERS; u++) { // each simulated user is an account of its own, with its own voice
            ApiClient person = accounts.newUser("listener").api();
            users.add(new User(person, createVoice(person, clip, transcript)));
        }
        User one = users.getFirst();
        ApiClient api = one.api();
        Table table = new Table();

        // Short generations: warm-up (the first one makes the voice's prompt through /v1/prompts), then measured.
        worker.latency(SHORT_WORKER, Duration.ZERO);
        for (int i = 0; i < 200; i++) {
            shortGeneration(one);
        }
        int promptRequestBytes = bodyBytes(since(0, "/v1/prompts").subList(0, 1)); // every voice's is alike
        int warmUpRounds = warmUntilCompiled();
        int mark = worker.requests().size();
        int answeredMark = worker.answered().size();
        List<Overhead> short1 = asUsers(1, 100, 0, this::shortGeneration);
        Load load1 = lastLoad;
        List<Double> workerOwn1 = worker.answered().subList(answeredMark, worker.answered().size()).stream()
                .filter(answer -> answer.request().path().equals("/v1/synthesize"))
                .map(answer -> answer.time().toNanos() / 1e6).toList();
        List<FakeWorker.Seen> shortCalls1 = since(mark, "/v1/synthesize");
        List<Double> polled = asUsers(1, 30, 3, this::observedByPolling);
        List<Double> sse = asUsers(1, 5, 1, this::observedBySse);
        double workerAlone = directWorkerMillis(shortCalls1.getFirst());
        Map<String, Double> steps = whereTheTimeGoes(workerAlone);
        // 16 users right after, in the same warmed state: long texts first would send the JIT back to work.
        mark = worker.requests().size();
        List<Overhead> short16 = asUsers(USERS, 25, 3, this::shortGeneration);
        int submitted16 = USERS * (25 + 3);
        Load load16 = lastLoad;
        List<FakeWorker.Seen> shortCalls16 = since(mark, "/v1/synthesize");

        // 1,000 characters: time to first audio; 10,000 characters: wall time.
        worker.latency(FIRST_FRAME, PER_FRAME);
        String thousand = text(1_000);
        String tenThousand = text(10_000);
        String probe = finished(api, submit(one, thousand));
        long firstChunkMicros = nominalMicros(chunkSamples(api, probe, 0));
        mark = worker.requests().size();
        List<FirstAudio> ttfa1 = asUsers(1, 10, 0, user -> timeToFirstAudio(user, thousand, firstChunkMicros, true));
        List<FakeWorker.Seen> thousandCalls = since(mark, "/v1/synthesize");
        mark = worker.requests().size();
        List<Wall> wall1 = asUsers(1, 2, 0, user -> tenThousand(user, tenThousand));
        List<FakeWorker.Seen> tenThousandCalls = since(mark, "/v1/synthesize");
        Ideal ideal = ideal(api, wall1.getFirst().id());

        // The long texts under 16 users, memory watched.
        heap.start();
        List<FirstAudio> ttfa16 = asUsers(USERS, 3, 0, user -> timeToFirstAudio(user, thousand, firstChunkMicros, false));
        Thread gcMidLoad = Thread.ofPlatform().daemon().start(heap::fullGcAfterFourSeconds);
        List<Wall> wall16 = asUsers(USERS, 1, 0, user -> tenThousand(user, tenThousand));
        gcMidLoad.join();
        heap.stop();

        // 1. Bytes to the worker
        int realSmall = realPromptBytes(1024, transcript);
        int realLarge = realPromptBytes(2048, transcript);
        long original = base64Length(Files.size(clip));
        table.section("1. Bytes sent to the worker per generation, 30 s reference (KB = 1,024 B)");
        table.row(String.format("short text (%d chars, 1 request), as measured (fake prompt)", SHORT_TEXT.length()),
                kb(perGeneration(shortCalls1, short1.size())), kb(perGeneration(shortCalls16, submitted16)),
                "<= 64 KB");
        table.row(String.format("  with the real 0.6B prompt (%,d B blob)", realSmall),
                kb(projected(shortCalls1, short1.size(), realSmall)), kb(projected(shortCalls16, submitted16, realSmall)),
                "<= 64 KB");
        table.row(String.format("  with the real 1.7B prompt (%,d B blob)", realLarge),
                kb(projected(shortCalls1, short1.size(), realLarge)), kb(projected(shortCalls16, submitted16, realLarge)),
                "<= 64 KB");
        table.row(String.format("1,000 chars (%d requests), real 0.6B / 1.7B prompt", thousandCalls.size() / ttfa1.size()),
                kb(projected(thousandCalls, ttfa1.size(), realSmall)) + " / " + kb(projected(thousandCalls, ttfa1.size(), realLarge)),
                "", "");
        table.row(String.format("10,000 chars (%d requests), real 0.6B / 1.7B prompt", tenThousandCalls.size() / wall1.size()),
                kb(projected(tenThousandCalls, wall1.size(), realSmall)) + " / " + kb(projected(tenThousandCalls, wall1.size(), realLarge)),
                "", "");
        table.row("one-time /v1/prompts request (carries the reference)", kb(promptRequestBytes), "", "once per voice");
        table.row(String.format("original Utter: the %,d KB WAV as base64, every generation", Files.size(clip) / 1024),
                kb(original), "", "baseline");
        table.row("  short text with the real 0.6B / 1.7B prompt, vs original",
                String.format("%.0fx / %.0fx less", original / projected(shortCalls1, short1.size(), realSmall),
                        original / projected(shortCalls1, short1.size(), realLarge)), "", "");

        // 2. App overhead
        table.section("2. App overhead per short generation (end to end minus the worker's own time on it)");
        table.row("p50", ms(pct(short1, Overhead::total, 50)), ms(pct(short16, Overhead::total, 50)), "<= 5 ms");
        table.row("p99", ms(pct(short1, Overhead::total, 99)), ms(pct(short16, Overhead::total, 99)), "<= 25 ms");
        table.row("  p50 of: POST until queued (created_at)", ms(pct(short1, Overhead::submit, 50)),
                ms(pct(short16, Overhead::submit, 50)), "");
        table.row("  p50 of: queued until a runner took it (started_at)", ms(pct(short1, Overhead::pickup, 50)),
                ms(pct(short16, Overhead::pickup, 50)), "");
        table.row("  p50 of: job, the worker's own time left out (to finished_at)", ms(pct(short1, Overhead::job, 50)),
                ms(pct(short16, Overhead::job, 50)), "");
        table.row("  p50 of: app's worker call minus the worker's own time (worker_ms, 1 ms steps)", ms(pct(short1, Overhead::workerCall, 50)),
                ms(pct(short16, Overhead::workerCall, 50)), "");
        table.row(String.format("  the fake worker's own time per request, p50 (nominal %d ms)", SHORT_WORKER.toMillis()),
                ms(pct(workerOwn1, d -> d, 50)), "", "");
        table.row(String.format("  fake worker alone, called directly (nominal %d ms)", SHORT_WORKER.toMillis()),
                ms(workerAlone), "", "");
        table.row("  cross-check: seen by a client polling every 1 ms, p50 / p99",
                ms(pct(polled, d -> d, 50)) + " / " + ms(pct(polled, d -> d, 99)), "", "");
        table.row("  seen through the /events stream (as the web page), p50 / max",
                ms(pct(sse, d -> d, 50)) + " / " + ms(pct(sse, d -> d, 100)), "", "");

        table.section("   where a short generation's time goes, 1 user: each step alone, median of 100, same beans and SQL");
        steps.forEach((step, millis) -> table.row("  " + step, String.format("%.2f ms", millis), "", ""));
        table.row("  CPU per short generation (whole JVM: app, fake worker, clients)",
                ms(load1.cpuMillis() / (short1.size())), ms(load16.cpuMillis() / submitted16), "");
        table.row("  CPU busy during the short runs (of the machine's cores)", load1.busy(), load16.busy(), "");
        table.row("  garbage collection pauses during the short runs: count, total", load1.gcPauses() + ", "
                + load1.gcMillis() + " ms", load16.gcPauses() + ", " + load16.gcMillis() + " ms", "");

        // 3. Time to first audio
        table.section("3. Time to first audio, 1,000 characters (POST until GET /chunks/0 is 200)");
        table.row("worker's first chunk (fixed)", ms(firstChunkMicros / 1000.0), ms(firstChunkMicros / 1000.0), "");
        table.row("p50", ms(pct(ttfa1, FirstAudio::stored, 50)), ms(pct(ttfa16, FirstAudio::stored, 50)),
                "<= " + ms(firstChunkMicros / 1000.0 + 100));
        table.row("max", ms(pct(ttfa1, FirstAudio::stored, 100)), ms(pct(ttfa16, FirstAudio::stored, 100)),
                "<= " + ms(firstChunkMicros / 1000.0 + 100));
        table.row("  p50 over the worker's first chunk", ms(pct(ttfa1, FirstAudio::stored, 50) - firstChunkMicros / 1000.0),
                ms(pct(ttfa16, FirstAudio::stored, 50) - firstChunkMicros / 1000.0), "<= 100 ms");
        table.row("  cross-check: a client polling GET /chunks/0 every 2 ms, p50", ms(pct(ttfa1, FirstAudio::polled, 50)),
                "", "");

        // 4. Wall time
        table.section(String.format("4. Wall time, 10,000 characters (%d chunks, %d in parallel, worker %d ms + 2 ms/char)",
                ideal.chunks(), PARALLEL_CHUNKS, FIRST_FRAME.toMillis()));
        table.row("median (POST until finished_at)", seconds(pct(wall1, Wall::millis, 50)),
                seconds(pct(wall16, Wall::millis, 50)), "");
        table.row("max", seconds(pct(wall1, Wall::millis, 100)), seconds(pct(wall16, Wall::millis, 100)), "");
        table.row(String.format("ideal: sequential worker time %s / %d", seconds(ideal.sequentialMillis()), PARALLEL_CHUNKS),
                seconds(ideal.sequentialMillis() / PARALLEL_CHUNKS), seconds(ideal.sequentialMillis() / PARALLEL_CHUNKS),
                "(ideal)");
        table.row("  these chunks in order on 4 lanes, zero app overhead", seconds(ideal.scheduledMillis()),
                seconds(ideal.scheduledMillis()), "");

        // 5. Memory
        table.section("5. Peak memory under the 16-user load (a fixed 512 MB heap: -Xms512m -Xmx512m)");
        table.row("process resident memory, high-water mark (VmHWM)", "", UploadBenchmark.peakRss(), "");
        table.row("heap used after a full GC in the middle of the 10,000-char load", "", mb(heap.midLoadBytes()), "");
        table.row("heap used after GC, highest after any collection", "", mb(heap.maxAfterGcBytes()), "");

        System.out.printf("%nGeneration benchmark: Utter (H2 + local folder, concurrent-jobs=%d, parallel-chunks=%d, "
                + "generation.poll default) against the fake TTS worker on loopback%n", USERS, PARALLEL_CHUNKS);
        table.print();
        System.out.printf("""
                How measured:
                  - Bytes: the Content-Length of every POST /v1/synthesize the fake worker received, per generation. The fake's
                    prompt is %d B, not the real format; "with the real prompt" replaces its base64 in the measured bodies by
                    the base64 of a real prompt for this voice (26 B + model key + transcript + 4 x embedding width + 32 x 375
                    frames; docs/worker-protocol.md says ~16.5 KB / 20.5 KB for 30 s). Original: base64 of the 30 s WAV file.
                  - Overhead: the client's clock just before POST until the app's finished_at (same JVM, same clock), minus the
                    worker's own time on that generation's request, as the fake measures it (arrival until the last byte of
                    the answer is written; each generation has its own seed, by which its request is found); clients wait on
                    the /events stream, as the web page does, and read its last event. Each simulated user is an account
                    of its own, with its own voice made from the same clip. %d (1 user) and %d (16 users) runs after
                    warm-up: 200 runs, then %d rounds of 16 users x 20, until the JIT compiled for under 300 ms in two
                    rounds in a row. Counted as app: request handling, queueing, job pickup, the worker call's cost
                    (client, loopback, reading the stream), storing and stitching. Not counted: the final UPDATE's commit
                    (the polling cross-check includes it).
                  - Time to first audio: %d / %d runs; POST until chunk 0 is moved into the store (inotify on the generation's
                    folder, made by the client right after POST), from when GET /chunks/0 answers 200; one GET checks it.
                    The worker's first chunk: 300 ms + 8 ms per further 960-sample frame of chunk 0.
                  - Wall time: %d / %d runs. Sequential worker time: the fake's fixed time summed over the chunks.
                  - App, fake worker and clients share this JVM and the machine's %d cores.
                """, fakePromptBytes(shortCalls1.getFirst()), short1.size(), short16.size(), warmUpRounds, ttfa1.size(),
                ttfa16.size(), wall1.size(), wall16.size(), Runtime.getRuntime().availableProcessors());
    }

    /**
     * Runs 16-user rounds until the JIT compiles little more (under 300 ms in each of two rounds in a row; on 2 cores
     * that takes about 45 s of load), so that the figures are of the app in its steady state, not of the compiler
     * busy on one of the cores; returns how many rounds that took.
     */
    private int warmUntilCompiled() throws Exception {
        java.lang.management.CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        int quiet = 0;
        for (int round = 1; ; round++) {
            long before = jit.getTotalCompilationTime();
            asUsers(USERS, 20, 0, this::shortGeneration);
            worker.forget(); // the fake's record of warm-up requests is needed no more
            quiet = jit.getTotalCompilationTime() - before < 300 ? quiet + 1 : 0;
            if (quiet == 2 || round == 40) {
                return round;
            }
        }
    }

    // ---- one user's actions ----

    record Overhead(double total, double submit, double pickup, double job, double workerCall) {
    }

    /** One short generation, timed against the app's own timestamps, less the worker's own time on it. */
    private Overhead shortGeneration(User user) {
        long seed = seeds.incrementAndGet();
        Instant before = Instant.now();
        String id = finished(user.api(), submit(user, SHORT_TEXT, seed));
        Times t = times(id);
        double worker = workerMillis(seed);
        return new Overhead(millis(before, t.finished()) - worker, millis(before, t.created()),
                millis(t.created(), t.started()), millis(t.started(), t.finished()) - worker, t.workerMs() - worker);
    }

    /** End to end as a client polling every millisecond sees it, less the worker's own time. */
    private double observedByPolling(User user) {
        long seed = seeds.incrementAndGet();
        long before = System.nanoTime();
        String id = submit(user, SHORT_TEXT, seed);
        while (!status(user.api(), id).equals("succeeded")) {
            pause(Duration.ofMillis(1));
        }
        return (System.nanoTime() - before) / 1e6 - workerMillis(seed);
    }

    /** End to end as a client following the events stream sees it, less the worker's own time. */
    private double observedBySse(User user) {
        long seed = seeds.incrementAndGet();
        long before = System.nanoTime();
        finished(user.api(), submit(user, SHORT_TEXT, seed));
        return (System.nanoTime() - before) / 1e6 - workerMillis(seed);
    }

    /** The fake worker's own time on the synthesis request of the generation with this seed (one per generation). */
    private double workerMillis(long seed) {
        for (int attempt = 0; attempt < 1000; attempt++) { // the fake notes its time just after the app has the answer
            var answered = worker.lastAnswered(request -> request.path().equals("/v1/synthesize")
                    && request.body().path("seed").asLong(-1) == seed);
            if (answered.isPresent()) {
                return answered.get().time().toNanos() / 1e6;
            }
            pause(Duration.ofMillis(1));
        }
        throw new IllegalStateException("The worker saw no synthesis with seed " + seed);
    }

    record FirstAudio(double stored, double polled) {
    }

    /**
     * POST until chunk 0 is moved into the store, from when GET /chunks/0 answers 200: seen through inotify, which
     * costs the app nothing. With {@code poll}, also as a client polling GET /chunks/0 every 2 ms sees it.
     */
    private FirstAudio timeToFirstAudio(User user, String text, long firstChunkMicros, boolean poll)
            throws Exception {
        ApiClient api = user.api();
        long before = System.nanoTime();
        String id = submit(user, text);
        java.util.concurrent.Future<Long> stored = chunks.firstChunk(id);
        String chunk = "/api/v1/generations/" + id + "/chunks/0";
        double polled = Double.NaN;
        if (poll) {
            pause(Duration.ofNanos(before + firstChunkMicros * 1000 - System.nanoTime()));
            while (api.get(chunk).status() != 200) {
                pause(Duration.ofMillis(2));
            }
            polled = (System.nanoTime() - before) / 1e6;
        }
        double elapsed = (stored.get(60, java.util.concurrent.TimeUnit.SECONDS) - before) / 1e6;
        if (api.get(chunk).status() != 200) {
            throw new IllegalStateException("Chunk 0 of " + id + " was stored but is not served");
        }
        finished(api, id);
        return new FirstAudio(elapsed, polled);
    }

    record Wall(String id, double millis) {
    }

    private Wall tenThousand(User user, String text) {
        Instant before = Instant.now();
        String id = finished(user.api(), submit(user, text));
        return new Wall(id, millis(before, times(id).finished()));
    }

    // ---- the app ----

    /** Times, one by one, the steps a short generation's job takes, with the app's own beans and statements. */
    private Map<String, Double> whereTheTimeGoes(double workerAlone) throws Exception {
        Map<String, Double> steps = new LinkedHashMap<>();
        VoicePrompts prompts = app.getBean(VoicePrompts.class);
        BlobStore store = app.getBean(BlobStore.class);
        SpeechStitcher stitcher = app.getBean(SpeechStitcher.class);
        TtsEngine engine = app.getBean(TtsEngine.class);
        String voiceId = users.getFirst().voiceId();
        VoicePrompt prompt = prompts.forVoice(voiceId);
        SynthesisRequest request = SynthesisRequest.of(SHORT_TEXT, "English", prompt);
        java.io.ByteArrayOutputStream pcm = new java.io.ByteArrayOutputStream();
        steps.put("worker call through the app's client, minus the fake alone", median(() -> {
            pcm.reset();
            engine.synthesize(request, (item, bytes) -> pcm.writeBytes(bytes));
        }) - workerAlone);
        PcmAudio chunk = new PcmAudio(24_000, toSamples(pcm.toByteArray()));
        steps.put("voice prompt lookup (VoicePrompts.forVoice)", median(() -> prompts.forVoice(voiceId)));
        steps.put("store the chunk (WAV bytes, BlobStore.put)", median(() -> store.put("bench/chunk.wav", chunk.toWav())));
        steps.put("stitch (level the chunk held in memory) and store the audio", median(() -> {
            Stitch stitch = stitcher.start();
            stitch.append(chunk, Duration.ZERO);
            store.put("bench/audio.wav", stitch.finish().toWav());
        }));
        store.deleteAll("bench");
        String finishedId = jdbc.sql("SELECT id FROM generations LIMIT 1").query(String.class).single();
        steps.put("one SELECT of a generation by id", median(() -> times(finishedId)));
        steps.put("one UPDATE by id", median(() -> jdbc.sql(
                "UPDATE generations SET chunks_done = chunks_done WHERE id = :id").param("id", finishedId).update()));
        return steps;
    }

    @FunctionalInterface
    interface Step {
        void run() throws Exception;
    }

    private static double median(Step step) throws Exception {
        double[] runs = new double[100];
        for (int i = -20; i < runs.length; i++) {
            long before = System.nanoTime();
            step.run();
            if (i >= 0) {
                runs[i] = (System.nanoTime() - before) / 1e6;
            }
        }
        java.util.Arrays.sort(runs);
        return UploadBenchmark.percentile(runs, 50);
    }

    private static short[] toSamples(byte[] pcm) {
        short[] samples = new short[pcm.length / 2];
        java.nio.ByteBuffer.wrap(pcm).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    private String createVoice(ApiClient api, Path clip, String transcript) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("name", "Benchmark");
        form.put("transcript", transcript);
        form.put("language", "English");
        form.put("consent", "true");
        form.put("audio", clip);
        ApiClient.Response created = api.postMultipart("/api/v1/voices", form);
        if (created.status() != 201) {
            throw new IllegalStateException("Upload refused: " + created.text());
        }
        return created.json().get("id").asString();
    }

    private String submit(User user, String text) {
        return submit(user, text, seeds.incrementAndGet());
    }

    /** Submits with its own seed, by which the worker's requests for this generation are told from the others'. */
    private String submit(User user, String text, long seed) {
        ApiClient.Response created = user.api().postJson("/api/v1/generations",
                Map.of("voice_id", user.voiceId(), "text", text, "seed", seed));
        if (created.status() != 201) {
            throw new IllegalStateException("Generation refused: " + created.text());
        }
        return created.json().get("id").asString();
    }

    private static String status(ApiClient api, String id) {
        return api.get("/api/v1/generations/" + id).json().get("status").asString();
    }

    /**
     * Waits as the web page does, following the events stream (it ends when the generation does), which loads the
     * app far less than clients polling; checks by the stream's last event that the generation succeeded.
     */
    private static String finished(ApiClient api, String id) {
        String events = api.get("/api/v1/generations/" + id + "/events", "Accept", "text/event-stream").text();
        String last = events.lines().filter(line -> line.startsWith("data:")).reduce((a, b) -> b).orElse("data:{}");
        JsonNode g = JSON.readTree(last.substring("data:".length()));
        if (!g.path("status").asString("").equals("succeeded")) {
            throw new IllegalStateException("Generation " + id + " ended " + g.get("status") + ": " + g.path("error"));
        }
        return id;
    }

    record Times(Instant created, Instant started, Instant finished, long workerMs) {
    }

    private Times times(String id) {
        return jdbc.sql("SELECT created_at, started_at, finished_at, worker_ms FROM generations WHERE id = :id")
                .param("id", id)
                .query((row, n) -> new Times(row.getObject(1, OffsetDateTime.class).toInstant(),
                        row.getObject(2, OffsetDateTime.class).toInstant(),
                        row.getObject(3, OffsetDateTime.class).toInstant(), row.getLong(4)))
                .single();
    }

    private static int chunkSamples(ApiClient api, String id, int index) {
        ApiClient.Response chunk = api.get("/api/v1/generations/" + id + "/chunks/" + index);
        return (int) (AudioFixtures.wavFormat(chunk.body()).dataBytes() / 2);
    }

    /** The fake worker's fixed time for a request of {@code samples}: the first frame's delay, then one per frame. */
    private static long nominalMicros(int samples) {
        int frames = (samples + FRAME_SAMPLES - 1) / FRAME_SAMPLES;
        return (FIRST_FRAME.toNanos() + (frames - 1) * PER_FRAME.toNanos()) / 1000;
    }

    record Ideal(int chunks, double sequentialMillis, double scheduledMillis) {
    }

    /** The worker's fixed time over a finished generation's chunks: summed, and scheduled in order on the lanes. */
    private static Ideal ideal(ApiClient api, String id) {
        int chunks = api.get("/api/v1/generations/" + id).json().get("progress").get("chunks_total").asInt();
        double sum = 0;
        double[] lanes = new double[PARALLEL_CHUNKS];
        for (int i = 0; i < chunks; i++) {
            double chunk = nominalMicros(chunkSamples(api, id, i)) / 1000.0;
            sum += chunk;
            int free = 0;
            for (int lane = 1; lane < lanes.length; lane++) {
                free = lanes[lane] < lanes[free] ? lane : free;
            }
            lanes[free] += chunk;
        }
        double scheduled = 0;
        for (double lane : lanes) {
            scheduled = Math.max(scheduled, lane);
        }
        return new Ideal(chunks, sum, scheduled);
    }

    /** One plain request straight to the fake worker with a body the app sent: the worker's own time, median of 30. */
    private double directWorkerMillis(FakeWorker.Seen call) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(worker.baseUrl() + "/v1/synthesize"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(call.body().toString())).build();
        double[] runs = new double[30];
        for (int i = -5; i < runs.length; i++) {
            long before = System.nanoTime();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Fake worker answered " + response.statusCode());
            }
            if (i >= 0) {
                runs[i] = (System.nanoTime() - before) / 1e6;
            }
        }
        java.util.Arrays.sort(runs);
        return UploadBenchmark.percentile(runs, 50);
    }

    // ---- the worker's side ----

    private List<FakeWorker.Seen> since(int mark, String path) {
        List<FakeWorker.Seen> all = worker.requests();
        return all.subList(mark, all.size()).stream()
                .filter(seen -> seen.method().equals("POST") && seen.path().equals(path)).toList();
    }

    private static int bodyBytes(List<FakeWorker.Seen> calls) {
        return calls.stream().mapToInt(seen -> Integer.parseInt(seen.header("Content-Length"))).sum();
    }

    private static double perGeneration(List<FakeWorker.Seen> calls, int generations) {
        return bodyBytes(calls) / (double) generations;
    }

    /** Bytes per generation had the prompt been {@code promptBytes} long (its base64 in place of the fake's). */
    private static double projected(List<FakeWorker.Seen> calls, int generations, int promptBytes) {
        long fake = calls.stream().mapToLong(seen -> seen.body().get("prompt").asString().length()).sum();
        return (bodyBytes(calls) - fake + calls.size() * base64Length(promptBytes)) / (double) generations;
    }

    private static int fakePromptBytes(FakeWorker.Seen call) {
        return java.util.Base64.getDecoder().decode(call.body().get("prompt").asString()).length;
    }

    private static int realPromptBytes(int embeddingWidth, String transcript) {
        return 26 + REAL_MODEL_KEY.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                + transcript.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 4 * embeddingWidth
                + 32 * REFERENCE_FRAMES;
    }

    private static long base64Length(long bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    // ---- users, texts, figures ----

    /** A simulated user: an account of its own (its API key) and its voice. */
    record User(ApiClient api, String voiceId) {
    }

    @FunctionalInterface
    interface Action<T> {
        T run(User user) throws Exception;
    }

    /** Process CPU time and wall time of one run of {@link #asUsers}. */
    record Load(double cpuMillis, double wallMillis, long gcPauses, long gcMillis) {
        String busy() {
            return String.format("%.0f%%", 100 * cpuMillis / wallMillis / Runtime.getRuntime().availableProcessors());
        }
    }

    private volatile Load lastLoad;

    /** {@code users} clients at once, each doing {@code warmUp} unrecorded then {@code each} recorded actions. */
    private <T> List<T> asUsers(int users, int each, int warmUp, Action<T> action) throws Exception {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        long[] gc = pausingCollections();
        List<T> results = Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService clients = Executors.newFixedThreadPool(users)) {
            List<Future<?>> running = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                User user = this.users.get(u);
                running.add(clients.submit(() -> {
                    for (int i = 0; i < warmUp + each; i++) {
                        T result = action.run(user);
                        if (i >= warmUp) {
                            results.add(result);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> user : running) {
                user.get();
            }
        }
        long[] gcAfter = pausingCollections();
        lastLoad = new Load((os.getProcessCpuTime() - cpu) / 1e6, (System.nanoTime() - wall) / 1e6,
                gcAfter[0] - gc[0], gcAfter[1] - gc[1]);
        return List.copyOf(results);
    }

    /** Count and total time of garbage collection pauses (G1's beans count young, full, remark and cleanup pauses). */
    private static long[] pausingCollections() {
        long[] countAndMillis = new long[2];
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            countAndMillis[0] += collector.getCollectionCount();
            countAndMillis[1] += collector.getCollectionTime();
        }
        return countAndMillis;
    }

    private static String text(int length) {
        return SENTENCE.repeat(length / SENTENCE.length() + 1).substring(0, length - 1) + ".";
    }

    /** What is said in the 30 s clip: the LJ Speech fixtures in the order UploadBenchmark joins them. */
    private static String thirtySecondTranscript() {
        Map<String, String> said = AudioFixtures.voiceClips().stream()
                .collect(Collectors.toMap(AudioFixtures.Clip::file, AudioFixtures.Clip::transcript, (a, b) -> a));
        return said.get("LJ001-0001.wav") + ", " + said.get("LJ001-0003.wav") + ". " + said.get("LJ001-0001.wav")
                + ", for although the Chinese";
    }

    private static <T> double pct(List<T> samples, ToDoubleFunction<T> value, int p) {
        double[] sorted = samples.stream().mapToDouble(value).sorted().toArray();
        return UploadBenchmark.percentile(sorted, p);
    }

    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static String ms(double millis) {
        return String.format("%.1f ms", millis);
    }

    private static String seconds(double millis) {
        return String.format("%.2f s", millis / 1000);
    }

    private static String kb(double bytes) {
        return String.format("%,.1f KB", bytes / 1024);
    }

    private static String mb(long bytes) {
        return String.format("%,.0f MB", bytes / 1024.0 / 1024);
    }

    static void pause(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return;
        }
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Rows of figure, 1 user, 16 users, target, under section headings. */
    private static final class Table {
        private final List<String[]> rows = new ArrayList<>();

        void section(String title) {
            rows.add(new String[] {title});
        }

        void row(String figure, String one, String sixteen, String target) {
            rows.add(new String[] {figure, one, sixteen, target});
        }

        void print() {
            String format = "  %-66s %-20s %-14s %s%n";
            System.out.printf(format, "", "1 user", "16 users", "target");
            for (String[] row : rows) {
                if (row.length == 1) {
                    System.out.println(row[0]);
                } else {
                    System.out.printf(format, (Object[]) row);
                }
            }
        }
    }

    /** When each generation's chunk 0 is moved into the store, seen through inotify on the generation's folder. */
    private static final class ChunkWatch {
        private static final String FIRST = "chunk-0000.wav";
        private final Path generations;
        private final java.nio.file.WatchService watcher;
        private final Map<java.nio.file.WatchKey, java.util.concurrent.CompletableFuture<Long>> waiting =
                new java.util.concurrent.ConcurrentHashMap<>();

        ChunkWatch(Path storeRoot) throws Exception {
            generations = storeRoot.resolve("generations");
            watcher = storeRoot.getFileSystem().newWatchService();
            Thread.ofPlatform().daemon().name("chunk-watch").start(this::watch);
        }

        /** Call right after POST, long before the worker can have spoken: the app stores nothing before. */
        java.util.concurrent.Future<Long> firstChunk(String id) throws Exception {
            Path folder = Files.createDirectories(generations.resolve(id));
            java.util.concurrent.CompletableFuture<Long> stored = new java.util.concurrent.CompletableFuture<>();
            java.nio.file.WatchKey key = folder.register(watcher, java.nio.file.StandardWatchEventKinds.ENTRY_CREATE);
            waiting.put(key, stored);
            if (Files.exists(folder.resolve(FIRST))) {
                throw new IllegalStateException("Chunk 0 of " + id + " was stored before it was watched");
            }
            return stored;
        }

        private void watch() {
            try {
                while (true) {
                    java.nio.file.WatchKey key = watcher.take();
                    long now = System.nanoTime();
                    boolean first = key.pollEvents().stream().anyMatch(event -> FIRST.equals(String.valueOf(event.context())));
                    java.util.concurrent.CompletableFuture<Long> stored = waiting.get(key);
                    if (first && stored != null) {
                        stored.complete(now);
                        waiting.remove(key);
                        key.cancel();
                    } else {
                        key.reset();
                    }
                }
            } catch (InterruptedException | java.nio.file.ClosedWatchServiceException e) {
                // the benchmark is over
            }
        }
    }

}
