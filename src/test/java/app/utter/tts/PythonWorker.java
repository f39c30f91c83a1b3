package app.utter.tts;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real Python worker (worker/, run from worker/.venv) in a process of its own on a free loopback port, with
 * its deterministic fake engine unless the environment says otherwise. worker/scripts/test.sh makes the venv.
 */
public final class PythonWorker implements AutoCloseable {

    public static final Path PYTHON = Path.of("worker", ".venv", "bin", "python").toAbsolutePath();

    private final Process process;
    private final Path log;
    private final String baseUrl;
    private final String token;

    private PythonWorker(Process process, Path log, String baseUrl, String token) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** Null when the worker can run here, else why not. */
    public static String unavailableBecause() {
        return Files.isExecutable(PYTHON) ? null
                : "no Python worker venv at " + PYTHON + "; create it with worker/scripts/test.sh";
    }

    /** Starts a worker with a bearer token and these UTTER_* settings, and waits until it answers. */
    public static PythonWorker start(Map<String, String> settings) throws IOException, InterruptedException {
        int port = freePort();
        Path log = Files.createTempFile("utter-python-worker-", ".log");
        String token = "worker-token-" + port;
        ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), "-m", "utter_worker", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--log-level", "warning")
                .directory(Path.of("worker").toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("UTTER_ENGINE", "fake");
        builder.environment().put("UTTER_AUTH_TOKEN", token);
        builder.environment().putAll(settings);
        PythonWorker worker = new PythonWorker(builder.start(), log, "http://127.0.0.1:" + port, token);
        worker.awaitHealthy(Instant.now().plusSeconds(30));
        return worker;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String token() {
        return token;
    }

    /** What the worker printed so far. */
    public String log() throws IOException {
        return Files.readString(log);
    }

    private void awaitHealthy(Instant deadline) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create(baseUrl + "/health")).build();
        while (true) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                close();
                throw new IllegalStateException("the Python worker did not start:\n" + log());
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
