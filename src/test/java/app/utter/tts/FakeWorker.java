package app.utter.tts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A TTS worker on a loopback port that speaks protocol version 1 (docs/worker-protocol.md) without a model:
 * prompts are small deterministic blobs bound to {@link #model}, speech is a tone of 240 samples (10 ms) per
 * character of text, sent in 960-sample frames. Latency and failures are scripted per request.
 */
public final class FakeWorker implements AutoCloseable {

    public static final int SAMPLES_PER_CHAR = 240;
    static final int CHUNK_SAMPLES = 960;
    public static final String MODEL = "fake/utter-fake@rev1";
    /** The detail of the problem a {@link Fault#REFUSAL_FRAME} carries. */
    public static final String REFUSAL = "Text 1 has 1200 characters; the limit is 1000.";

    /** What the next request to the worker does instead of succeeding; each fault is used once, in order. */
    public enum Fault {
        SERVER_ERROR, BAD_GATEWAY, STALL, REDIRECT, DROP_MID_STREAM, CUT_MID_STREAM, STALL_MID_STREAM, ERROR_FRAME,
        UNKNOWN_FRAME, REFUSAL_FRAME
    }

    /** A request as the worker saw it. */
    public record Seen(String method, String path, Headers headers, JsonNode body) {
        public String header(String name) {
            return headers.getFirst(name);
        }
    }

    /** A request and the worker's own time on it: from its arrival until the answer's last byte was written. */
    public record Answered(Seen request, Duration time) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    // Platform threads: the fake stands in for another process, so it must not queue for the app's virtual-thread carriers.
    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory());
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    // Appended on every request and read rarely: a copy-on-write list would copy all history on each request.
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final List<Answered> answered = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Seen> redirected = new ConcurrentHashMap<>();
    private final AtomicInteger redirects = new AtomicInteger();

    private volatile String model = MODEL;
    private volatile String bearerToken;
    private volatile String modalKey;
    private volatile Duration firstFrameDelay = Duration.ZERO;
    private volatile Duration chunkDelay = Duration.ZERO;
    private volatile Duration stall = Duration.ofSeconds(5);
    private volatile CountDownLatch afterFirstChunk;
    private volatile boolean gateOpenedInTime;
    private volatile Map<String, Object> capacity;
    private volatile Duration reportedTime;
    private final AtomicInteger speaking = new AtomicInteger();
    private final AtomicInteger mostSpeaking = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicLong speakingNanos = new java.util.concurrent.atomic.AtomicLong();
    private volatile java.util.concurrent.Semaphore decoders;

    /** A fake worker started now, for a test class's static field. */
    public static FakeWorker started() {
        try {
            return new FakeWorker();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public FakeWorker() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeWorker fail(Fault... next) {
        faults.addAll(List.of(next));
        return this;
    }

    public FakeWorker model(String key) {
        model = key;
        return this;
    }

    public FakeWorker requireBearer(String token) {
        bearerToken = token;
        return this;
    }

    /** Like Modal's proxy auth: without this Modal-Key header, a 401 that is not a problem document. */
    FakeWorker requireModal(String key) {
        modalKey = key;
        return this;
    }

    public FakeWorker latency(Duration beforeFirstFrame, Duration betweenChunks) {
        firstFrameDelay = beforeFirstFrame;
        chunkDelay = betweenChunks;
        return this;
    }

    /** Speaks at most {@code streams} requests at once, as a GPU worker decodes; the others wait their turn. */
    public FakeWorker decodeAtMost(int streams) {
        decoders = new java.util.concurrent.Semaphore(streams, true);
        return this;
    }

    /** Time spent speaking, summed over every request; the waits for a free stream are not in it. */
    public Duration speakingTime() {
        return Duration.ofNanos(speakingNanos.get());
    }

    /** Reports this capacity in /health, as a batching worker does. */
    public FakeWorker capacity(int streams, int queue) {
        capacity = Map.of("streams", streams, "queue", queue, "active", 0, "waiting", 0);
        return this;
    }

    /** Reports this as its own time on every request, in the end frame. */
    public FakeWorker reportTime(Duration time) {
        reportedTime = time;
        return this;
    }

    /** The most synthesis requests it was answering at once so far. */
    public int mostAtOnce() {
        return mostSpeaking.get();
    }

    public FakeWorker stallFor(Duration duration) {
        stall = duration;
        return this;
    }

    /** After each stream's first audio frame, waits (up to 10 s) for {@code gate} before sending the rest. */
    FakeWorker holdAfterFirstChunk(CountDownLatch gate) {
        afterFirstChunk = gate;
        return this;
    }

    /** Whether the last held stream's gate opened while the rest of its audio was still unsent. */
    boolean gateOpenedInTime() {
        return gateOpenedInTime;
    }

    public List<Seen> requests() {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    public List<Answered> answered() {
        synchronized (answered) {
            return List.copyOf(answered);
        }
    }

    /** Lets go of the requests seen so far, which a long benchmark would otherwise keep in its heap. */
    public void forget() {
        seen.clear();
        answered.clear();
    }

    /** The latest answered request that {@code which} accepts, found without copying the whole history. */
    public Optional<Answered> lastAnswered(Predicate<Seen> which) {
        synchronized (answered) {
            for (int i = answered.size() - 1; i >= 0; i--) {
                if (which.test(answered.get(i).request())) {
                    return Optional.of(answered.get(i));
                }
            }
            return Optional.empty();
        }
    }

    int redirectsSent() {
        return redirects.get();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrival = System.nanoTime();
        Seen request = null;
        try {
            request = answer(exchange);
        } finally {
            if (request != null) {
                answered.add(new Answered(request, Duration.ofNanos(System.nanoTime() - arrival)));
            }
        }
    }

    private Seen answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Seen arrived = new Seen(exchange.getRequestMethod(), path, exchange.getRequestHeaders(),
                body.length == 0 ? null : JSON.readTree(body));
        seen.add(arrived);
        if (!authorized(exchange, path)) {
            return arrived;
        }
        // A GET of a result URL stands for the request that was redirected there, as on Modal.
        Seen request = redirected.getOrDefault(path, arrived);
        Fault fault = faults.poll();
        if (fault == null || !answerFault(exchange, fault, request)) {
            route(exchange, request, fault);
        }
        return request;
    }

    private boolean authorized(HttpExchange exchange, String path) throws IOException {
        if (modalKey != null && !modalKey.equals(exchange.getRequestHeaders().getFirst("Modal-Key"))) {
            send(exchange, 401, "text/plain", "modal-http: missing credentials for proxy authorization");
            return false;
        }
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (bearerToken != null && path.startsWith("/v1/") && !("Bearer " + bearerToken).equals(auth)) {
            problem(exchange, 401, "unauthorized", "Send Authorization: Bearer <token>.", Map.of());
            return false;
        }
        return true;
    }

    /** Answers the faults that replace the whole response; stream faults are left to {@link #speak}. */
    private boolean answerFault(HttpExchange exchange, Fault fault, Seen request) throws IOException {
        switch (fault) {
            case SERVER_ERROR -> problem(exchange, 500, "synthesis-failed", "The model failed.", Map.of());
            case BAD_GATEWAY -> send(exchange, 502, "text/html", "<html>502 Bad Gateway</html>");
            case STALL -> {
                pause(stall);
                send(exchange, 500, "text/plain", "too late");
            }
            case REDIRECT -> {
                String result = "/v1/results/" + redirects.incrementAndGet();
                redirected.put(result, request);
                exchange.getResponseHeaders().set("Location", result);
                exchange.sendResponseHeaders(303, -1);
                exchange.close();
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private void route(HttpExchange exchange, Seen request, Fault fault) throws IOException {
        switch (request.path()) {
            case "/health" -> send(exchange, 200, "application/json", JSON.writeValueAsString(health()));
            case "/v1/prompts" -> createPrompt(exchange, request.body());
            case "/v1/synthesize" -> {
                java.util.concurrent.Semaphore streams = decoders;
                if (streams != null) {
                    streams.acquireUninterruptibly();
                }
                long start = System.nanoTime();
                mostSpeaking.accumulateAndGet(speaking.incrementAndGet(), Math::max);
                try {
                    speak(exchange, request.body(), fault);
                } finally {
                    speaking.decrementAndGet();
                    speakingNanos.addAndGet(System.nanoTime() - start);
                    if (streams != null) {
                        streams.release();
                    }
                }
            }
            default -> problem(exchange, 404, "not-found", "No such path.", Map.of());
        }
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new java.util.HashMap<>(Map.ofEntries(Map.entry("status", "ok"), Map.entry("protocol_version", 1),
                Map.entry("prompt_format_version", 1), Map.entry("engine", "fake"),
                Map.entry("model", Map.of("id", "fake/utter-fake", "revision", "rev1", "key", model, "size", "none",
                        "parameters", 0)),
                Map.entry("device", "cpu"), Map.entry("dtype", "float32"), Map.entry("attention", "sdpa"),
                Map.entry("sample_rate", 24000), Map.entry("languages", List.of("Auto", "English", "German")),
                Map.entry("capabilities", Map.of("streaming", true, "batching", true, "x_vector_only", true)),
                Map.entry("limits", Map.of("max_batch", 8, "max_text_chars", 1000, "max_new_tokens", 2048)),
                Map.entry("auth", bearerToken == null ? "none" : "bearer")));
        if (capacity != null) {
            health.put("capacity", capacity);
        }
        return health;
    }

    private void createPrompt(HttpExchange exchange, JsonNode body) throws IOException {
        byte[] audio = Base64.getDecoder().decode(body.get("audio").asString());
        boolean xVectorOnly = body.path("x_vector_only").asBoolean(false);
        String transcript = body.path("transcript").asString("");
        if (!xVectorOnly && transcript.isBlank()) {
            problem(exchange, 422, "transcript-required", "Type what is said in the clip.", Map.of());
            return;
        }
        byte[] blob = promptBlob(1, model, sha256(audio, transcript.getBytes(StandardCharsets.UTF_8)));
        send(exchange, 200, "application/json", JSON.writeValueAsString(Map.of(
                "prompt", Base64.getEncoder().encodeToString(blob), "format_version", 1, "model", model,
                "sha256", "0".repeat(64), "bytes", blob.length, "frames", 0, "x_vector_only", xVectorOnly,
                "cached", false)));
    }

    /** The fake's prompt: magic, version, model key (2-byte little-endian length), then a 32-byte voice hash. */
    static byte[] promptBlob(int version, String modelKey, byte[] voice) {
        byte[] key = modelKey.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(10 + key.length + voice.length).order(ByteOrder.LITTLE_ENDIAN)
                .put("UTVP".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put(new byte[3])
                .putShort((short) key.length).put(key).put(voice).array();
    }

    private void speak(HttpExchange exchange, JsonNode body, Fault fault) throws IOException {
        ByteBuffer prompt = ByteBuffer.wrap(Base64.getDecoder().decode(body.get("prompt").asString()))
                .order(ByteOrder.LITTLE_ENDIAN);
        if (prompt.get(4) != 1) {
            problem(exchange, 409, "prompt-version-unsupported", "Rebuild the prompt.",
                    Map.of("prompt_version", prompt.get(4), "supported_versions", List.of(1)));
            return;
        }
        String promptModel = new String(prompt.array(), 10, prompt.getShort(8), StandardCharsets.UTF_8);
        if (!promptModel.equals(model)) {
            problem(exchange, 409, "prompt-model-mismatch", "The prompt was made by another model; rebuild it.",
                    Map.of("prompt_model", promptModel, "worker_model", model));
            return;
        }
        List<String> texts = new ArrayList<>();
        JsonNode text = body.get("text");
        (text.isArray() ? text.values() : List.of(text)).forEach(t -> texts.add(t.asString()));
        long seed = body.path("seed").asLong(7);

        pause(firstFrameDelay);
        exchange.getResponseHeaders().set("Content-Type", WorkerTtsEngine.STREAM_TYPE);
        exchange.getResponseHeaders().set("X-Utter-Seed", Long.toString(seed));
        exchange.sendResponseHeaders(200, 0);
        // Not try-with-resources: closing ends the chunked body cleanly, which a dropped connection must not do.
        OutputStream out = exchange.getResponseBody();
        frame(out, 'S', 0, JSON.writeValueAsBytes(Map.of("protocol_version", 1, "sample_rate", 24000,
                "channels", 1, "sample_format", "s16le", "items", texts.size(), "seed", seed, "model", model,
                "engine", "fake")));
        if (fault == Fault.UNKNOWN_FRAME) {
            frame(out, 'M', 0, "metadata a client must skip".getBytes(StandardCharsets.UTF_8));
        }
        long total = 0;
        for (int item = 0; item < texts.size(); item++) {
            short[] tone = tone(texts.get(item), item);
            for (int start = 0; start < tone.length; start += CHUNK_SAMPLES) {
                if (start > 0 || item > 0) {
                    pause(chunkDelay);
                }
                frame(out, 'A', item, pcm(tone, start, Math.min(tone.length, start + CHUNK_SAMPLES)));
                if (start == 0 && item == 0 && streamFault(out, fault)) {
                    out.close();
                    return;
                }
            }
            frame(out, 'D', item, JSON.writeValueAsBytes(Map.of("samples", tone.length)));
            total += tone.length;
        }
        Duration reported = reportedTime;
        frame(out, 'Z', 0, JSON.writeValueAsBytes(reported == null ? Map.of("items", texts.size(), "samples", total)
                : Map.of("items", texts.size(), "samples", total, "elapsed_ms", reported.toNanos() / 1e6)));
        out.close();
    }

    /** Runs after the first audio frame: a fault that ends the stream early returns true. */
    private boolean streamFault(OutputStream out, Fault fault) throws IOException {
        CountDownLatch gate = afterFirstChunk;
        if (gate != null) {
            gateOpenedInTime = await(gate);
        }
        if (fault == null) {
            return false;
        }
        switch (fault) {
            case DROP_MID_STREAM -> throw new IOException("fake worker drops the connection");
            case STALL_MID_STREAM -> pause(stall);
            case ERROR_FRAME -> frame(out, 'E', 0xFFFF, JSON.writeValueAsBytes(Map.of(
                    "type", "urn:utter:problem:synthesis-failed", "title", "Synthesis failed", "status", 500,
                    "detail", "The model failed mid-way.", "code", "synthesis-failed",
                    "instance", "/v1/synthesize")));
            case REFUSAL_FRAME -> frame(out, 'E', 0xFFFF, JSON.writeValueAsBytes(Map.of(
                    "type", "urn:utter:problem:text-too-long", "title", "Text to speak is too long", "status", 422,
                    "detail", REFUSAL, "code", "text-too-long", "instance", "/v1/synthesize")));
            default -> {
            }
        }
        return fault == Fault.ERROR_FRAME || fault == Fault.REFUSAL_FRAME || fault == Fault.CUT_MID_STREAM;
    }

    static short[] tone(String text, int item) {
        short[] samples = new short[SAMPLES_PER_CHAR * text.length()];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 220 * (item + 1) * i / 24000.0));
        }
        return samples;
    }

    static byte[] pcm(short[] samples, int from, int to) {
        ByteBuffer bytes = ByteBuffer.allocate(2 * (to - from)).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = from; i < to; i++) {
            bytes.putShort(samples[i]);
        }
        return bytes.array();
    }

    private static void frame(OutputStream out, char type, int item, byte[] payload) throws IOException {
        out.write(ByteBuffer.allocate(8).put((byte) type).put((byte) 0).putShort((short) item)
                .putInt(payload.length).array());
        out.write(payload);
        out.flush();
    }

    private static void problem(HttpExchange exchange, int status, String code, String detail,
            Map<String, Object> extra) throws IOException {
        Map<String, Object> body = new java.util.LinkedHashMap<>(Map.of("type", "urn:utter:problem:" + code,
                "title", code, "status", status, "detail", detail, "code", code,
                "instance", exchange.getRequestURI().getPath()));
        body.putAll(extra);
        send(exchange, status, "application/problem+json", JSON.writeValueAsString(body));
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean await(CountDownLatch gate) {
        try {
            return gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(List<byte[]> chunks) {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        chunks.forEach(all::writeBytes);
        return all.toByteArray();
    }
}
