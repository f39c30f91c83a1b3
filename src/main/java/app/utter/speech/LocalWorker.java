package app.utter.speech;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import app.utter.tts.WorkerAddress;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The speech worker this app runs on its own machine: installs its environment, downloads its model, starts it,
 * measures how fast it speaks, and starts it again whenever it dies, for as long as it is wanted. Its state is
 * what the admin's Speech page shows.
 */
@Component
class LocalWorker implements SmartLifecycle {

    /** Where the local worker is on its way. */
    enum Phase { OFFERED, INSTALLING, DOWNLOADING, STARTING, READY, RESTARTING, FAILED }

    /** Bytes done of about {@code total}, and the seconds still to go at the recent pace, when known. */
    record Progress(long done, long total, Long etaSeconds) {
    }

    /**
     * What the local worker is doing: its phase, a sentence about it, progress while installing or downloading,
     * restarts so far, and once it runs, where and how fast (seconds of speech made per second).
     */
    record Status(Phase phase, String detail, Progress progress, int restarts, String device, Double speed, Long pid) {
    }

    private static final Logger log = LoggerFactory.getLogger(LocalWorker.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long INSTALL_BYTES_FAKE = 150L << 20; // an environment with the server's packages
    private static final long INSTALL_BYTES_REAL = 7_500L << 20; // with torch and its CUDA libraries
    private static final Duration MAX_RESTART_DELAY = Duration.ofMinutes(1);

    private final LocalWorkerProperties properties;
    private final WorkerLog workerLog;
    private final WorkerCommands commands;
    private final SpeedCheck speedCheck;
    private final String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(24));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private volatile Status status;
    private volatile boolean wanted;
    private volatile boolean running;
    private volatile Thread supervisor;
    private volatile Process process;
    private volatile WorkerAddress address;
    private int restarts;

    LocalWorker(LocalWorkerProperties properties) {
        this.properties = properties;
        this.workerLog = new WorkerLog(properties.home().resolve("worker.log"));
        Map<String, String> environment = new HashMap<>(Map.of("HF_HOME", properties.home().resolve("hf").toString(),
                "PYTHON", properties.python(), "PYTHONUNBUFFERED", "1"));
        if (properties.hubEndpoint() != null && !properties.hubEndpoint().isBlank()) {
            environment.put("HF_ENDPOINT", properties.hubEndpoint());
        }
        this.commands = new WorkerCommands(properties, workerLog, environment);
        this.speedCheck = new SpeedCheck(http, properties.source().toAbsolutePath().getParent()
                .resolve("fixtures").resolve("audio").resolve("nature-en.wav"));
        this.status = offered();
    }

    Status status() {
        return status;
    }

    /** The worker's address while it runs. */
    WorkerAddress address() {
        return status.phase() == Phase.READY ? address : null;
    }

    String log() {
        return workerLog.tail();
    }

    LocalWorkerProperties properties() {
        return properties;
    }

    /** Installs what is missing and keeps the worker running until {@link #end()}; nothing if already on its way. */
    synchronized void begin() {
        wanted = true;
        if (supervisor == null || !supervisor.isAlive()) {
            set(Phase.STARTING, "Getting the local speech worker ready.", null); // a failure shown before is over
            supervisor = Thread.ofVirtual().name("local-worker").start(this::supervise);
        }
    }

    /** Stops the worker and keeps it stopped. */
    synchronized void end() {
        wanted = false;
        Thread watching = supervisor;
        if (watching != null) {
            watching.interrupt();
        }
        stopProcess();
        status = offered();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        end();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void supervise() {
        try {
            install();
            download();
            Duration delay = Duration.ofSeconds(1);
            while (wanted) {
                Instant started = Instant.now();
                serveUntilItEnds();
                if (!wanted) {
                    return;
                }
                // A worker that ran for a while before dying is started again at once; one that keeps dying, slower.
                delay = Duration.between(started, Instant.now()).compareTo(MAX_RESTART_DELAY) > 0 ? Duration.ofSeconds(1)
                        : min(delay.multipliedBy(2), MAX_RESTART_DELAY);
                restarts++;
                set(Phase.RESTARTING, "The local speech worker stopped; starting it again (restart " + restarts + ").",
                        null);
                log.warn("The local speech worker stopped; starting it again in {}", delay);
                Thread.sleep(delay);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (SetupFailed failed) {
            log.warn("Setting up the local speech worker failed: {}", failed.getMessage());
            set(Phase.FAILED, failed.getMessage(), null);
        } finally {
            stopProcess();
        }
    }

    private void install() throws InterruptedException {
        if (commands.installed()) {
            return;
        }
        long expected = properties.fake() ? INSTALL_BYTES_FAKE : INSTALL_BYTES_REAL;
        set(Phase.INSTALLING, "Installing the local speech worker's packages.", new Progress(0, expected, null));
        try {
            process = commands.install();
            Pace pace = new Pace();
            while (!process.waitFor(1, java.util.concurrent.TimeUnit.SECONDS)) {
                long done = sizeOf(properties.environment());
                set(Phase.INSTALLING, "Installing the local speech worker's packages.", pace.progress(done,
                        Math.max(expected, done)));
            }
            if (process.exitValue() != 0 || !commands.installed()) {
                throw new SetupFailed("Installing the local speech worker's packages failed (see its log on the Speech "
                        + "page); check the network and the disk space, then try again.");
            }
        } catch (IOException e) {
            throw new SetupFailed("The local speech worker could not be installed: " + e.getMessage() + ".");
        }
    }

    private void download() throws InterruptedException {
        String model = properties.model();
        if (properties.fake() || model.startsWith("random:") || Files.isDirectory(Path.of(model))) {
            return; // nothing to fetch
        }
        set(Phase.DOWNLOADING, "Downloading " + model + ".", null);
        String[] error = {null};
        try {
            int exit = commands.module("fetch", List.of("--model", model), line -> {
                if (!line.startsWith("{")) {
                    return; // a library's own message: it is in the log
                }
                JsonNode event = JSON.readTree(line);
                switch (event.path("event").asString("")) {
                    case "progress" -> set(Phase.DOWNLOADING, "Downloading " + model + ".", new Progress(
                            event.path("bytes").asLong(), event.path("total").asLong(),
                            event.path("eta_seconds").isNumber() ? event.path("eta_seconds").asLong() : null));
                    case "error" -> error[0] = event.path("message").asString();
                    default -> { }
                }
            });
            if (exit != 0) {
                throw new SetupFailed(error[0] != null ? error[0] : "Downloading " + model + " failed; see the log.");
            }
        } catch (SetupFailed failed) {
            throw failed;
        } catch (IOException | RuntimeException e) {
            throw new SetupFailed("Downloading " + model + " failed: " + e.getMessage() + ".");
        }
    }

    /** Starts the worker, waits until it answers, measures it once, then waits for it to end. */
    private void serveUntilItEnds() throws InterruptedException {
        set(Phase.STARTING, "Starting the local speech worker (loading the model).", null);
        try {
            int port = freePort();
            Map<String, String> settings = new HashMap<>(Map.of("UTTER_AUTH_TOKEN", token, "UTTER_ALLOW_DOWNLOAD", "0",
                    "UTTER_ENGINE", properties.fake() ? "fake" : "auto", "UTTER_MODEL", properties.model()));
            process = commands.serve(port, settings);
            address = new WorkerAddress("http://127.0.0.1:" + port, token, null, null);
            String device = awaitHealthy(process, Instant.now().plus(properties.startTimeout()));
            Double speed = status.speed();
            if (speed == null) {
                set(Phase.STARTING, "Measuring how fast the local speech worker speaks.", null);
                speed = speedCheck.measure(address);
            }
            status = new Status(Phase.READY, "The local speech worker is running.", null, restarts, device, speed,
                    process.pid());
            log.info("The local speech worker runs on {} at {}x real time", device, speed);
            process.waitFor();
        } catch (IOException e) {
            workerLog.note("the worker failed: " + e.getMessage());
        } finally {
            stopProcess();
        }
    }

    private String awaitHealthy(Process worker, Instant deadline) throws InterruptedException, IOException {
        HttpRequest health = HttpRequest.newBuilder(URI.create(address.baseUrl() + "/health"))
                .timeout(Duration.ofSeconds(5)).build();
        while (worker.isAlive() && Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> answer = http.send(health, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return JSON.readTree(answer.body()).path("device").asString("unknown");
                }
            } catch (IOException notYet) {
                // still loading
            }
            Thread.sleep(250);
        }
        throw new IOException(worker.isAlive() ? "it did not answer within " + properties.startTimeout().toMinutes()
                + " minutes" : "it ended with code " + worker.exitValue());
    }

    private void stopProcess() {
        Process running = process;
        if (running != null && running.isAlive()) {
            running.destroy();
            try {
                if (!running.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    running.destroyForcibly();
                }
            } catch (InterruptedException e) {
                running.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void set(Phase phase, String detail, Progress progress) {
        status = new Status(phase, detail, progress, restarts, status.device(), status.speed(), null);
    }

    private Status offered() {
        return new Status(Phase.OFFERED, "The local speech worker is not running.", null, restarts,
                status == null ? null : status.device(), status == null ? null : status.speed(), null);
    }

    private static long sizeOf(Path folder) {
        if (!Files.exists(folder)) {
            return 0;
        }
        try (var files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0; // files come and go while pip works
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) < 0 ? a : b;
    }

    /** Estimates the time left from the pace since the first measurement. */
    private static final class Pace {
        private final Instant since = Instant.now();
        private long first = -1;

        Progress progress(long done, long total) {
            if (first < 0) {
                first = done;
            }
            double seconds = Duration.between(since, Instant.now()).toMillis() / 1000.0;
            double rate = seconds > 2 ? (done - first) / seconds : 0;
            return new Progress(done, total, rate > 0 ? Math.round((total - done) / rate) : null);
        }
    }

    /** A step of the setup that failed in a way the admin can act on; the message says how. */
    private static final class SetupFailed extends RuntimeException {
        SetupFailed(String message) {
            super(message, null, false, false);
        }
    }
}
