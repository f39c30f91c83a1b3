package app.utter.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.springframework.test.context.DynamicPropertyRegistry;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A throwaway S3 API server for the storage tests: moto in server mode (PyPI), a real S3 REST API with multipart
 * uploads, range reads and presigned links, in a process of its own so that nothing of it shares the app's class
 * path. Started once per test run from a virtual environment in ~/.cache/utter-test-s3 (made on first use), or
 * taken from UTTER_TEST_S3_URL when set.
 */
public final class LocalS3 {

    static final String MOTO = "moto[server]==5.2.5";
    public static final String ACCESS_KEY = "utter-test";
    public static final String SECRET_KEY = "utter-test-secret";

    private static LocalS3 instance;

    private final String endpoint;

    private LocalS3(String endpoint) {
        this.endpoint = endpoint;
    }

    public String endpoint() {
        return endpoint;
    }

    public static synchronized LocalS3 get() {
        if (instance == null) {
            String given = System.getenv("UTTER_TEST_S3_URL");
            instance = new LocalS3(given != null ? given : startServer());
        }
        return instance;
    }

    /** A new empty bucket. */
    public String newBucket(String prefix) {
        String bucket = prefix + "-" + Long.toHexString(System.nanoTime());
        try (S3Client s3 = client()) {
            s3.createBucket(create -> create.bucket(bucket));
        }
        return bucket;
    }

    /** A client of this server, for what a test checks in the bucket itself. */
    public S3Client client() {
        return S3Client.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .forcePathStyle(true).httpClient(UrlConnectionHttpClient.create())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY))).build();
    }

    /** The settings that point Utter's storage at a new bucket of this server. */
    public Map<String, String> settings(String bucketPrefix) {
        return Map.of("utter.storage.type", "s3", "utter.storage.s3.bucket", newBucket(bucketPrefix),
                "utter.storage.s3.endpoint", endpoint, "utter.storage.s3.path-style", "true",
                "utter.storage.s3.access-key", ACCESS_KEY, "utter.storage.s3.secret-key", SECRET_KEY);
    }

    /** Points a Spring test's storage at a new bucket of the shared server. */
    public static void useFor(DynamicPropertyRegistry registry, String bucketPrefix) {
        get().settings(bucketPrefix).forEach((key, value) -> registry.add(key, () -> value));
    }

    private static String startServer() {
        try {
            Path venv = Path.of(System.getenv().getOrDefault("UTTER_TEST_S3_VENV",
                    System.getProperty("user.home") + "/.cache/utter-test-s3"));
            Path python = venv.resolve("bin/python");
            if (run(List.of(python.toString(), "-c", "import moto.server"), false) != 0) {
                run(List.of("python3", "-m", "venv", venv.toString()), true);
                run(List.of(python.toString(), "-m", "pip", "install", "--quiet", MOTO), true);
            }
            int port = freePort();
            Path log = Files.createTempFile("utter-s3-", ".log");
            Process server = new ProcessBuilder(python.toString(), "-m", "moto.server", "-H", "127.0.0.1", "-p",
                    String.valueOf(port)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::destroy));
            String endpoint = "http://127.0.0.1:" + port;
            awaitUp(endpoint, server, log);
            return endpoint;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the S3 test server (moto)", e);
        }
    }

    private static void awaitUp(String endpoint, Process server, Path log) throws IOException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!server.isAlive()) {
                throw new IOException("moto stopped: " + Files.readString(log));
            }
            try {
                http.send(HttpRequest.newBuilder(URI.create(endpoint + "/moto-api/")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException notYet) {
                sleep();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        throw new IOException("moto did not answer within 60 s: " + Files.readString(log));
    }

    private static int run(List<String> command, boolean mustSucceed) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException missing) {
            if (mustSucceed) {
                throw missing;
            }
            return -1;
        }
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(10, TimeUnit.MINUTES) || (mustSucceed && process.exitValue() != 0)) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
