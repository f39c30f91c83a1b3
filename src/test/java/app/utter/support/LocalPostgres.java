package app.utter.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A throwaway PostgreSQL server for the persistence tests, started once per test run from the
 * PostgreSQL binaries installed on the machine (Debian's postgresql package), or taken from
 * UTTER_TEST_POSTGRES_URL when set. Without either the tests are skipped, except in CI where they fail.
 */
public final class LocalPostgres {

    private static LocalPostgres instance;

    private final String jdbcUrl;

    private LocalPostgres(String jdbcUrl) {
        this.jdbcUrl = jdbcUrl;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String username() {
        return System.getenv().getOrDefault("UTTER_TEST_POSTGRES_USER", "utter");
    }

    public String password() {
        return System.getenv().getOrDefault("UTTER_TEST_POSTGRES_PASSWORD", "");
    }

    /** A database of its own on the server, for tests that count every row in it; returns its JDBC URL. */
    /** Points a Spring test's data source at {@code database}, a URL of this server's. */
    public void useIn(org.springframework.test.context.DynamicPropertyRegistry registry, String database) {
        registry.add("spring.datasource.url", () -> database);
        registry.add("spring.datasource.username", this::username);
        registry.add("spring.datasource.password", this::password);
    }

    public String newDatabase(String prefix) {
        String name = prefix + "_" + Long.toHexString(System.nanoTime());
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(jdbcUrl, username(), password());
                java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("Could not create database " + name, e);
        }
        return jdbcUrl.substring(0, jdbcUrl.lastIndexOf('/') + 1) + name;
    }

    /** The shared server; skips the calling test when PostgreSQL is not installed (outside CI). */
    public static synchronized LocalPostgres get() {
        if (instance == null) {
            instance = Optional.ofNullable(System.getenv("UTTER_TEST_POSTGRES_URL"))
                    .map(LocalPostgres::new)
                    .orElseGet(LocalPostgres::startServer);
        }
        return instance;
    }

    private static LocalPostgres startServer() {
        Optional<Path> bin = findBinaries();
        if (bin.isEmpty()) {
            String why = "PostgreSQL binaries (initdb, pg_ctl) not found: install Debian's postgresql package";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort(why);
        }
        try {
            Path dir = Files.createTempDirectory("utter-pg-");
            Path data = dir.resolve("data");
            int port = freePort();
            boolean root = "root".equals(System.getProperty("user.name"));
            if (root) {
                run(List.of("chown", "-R", "postgres", dir.toString()), false);
            }
            run(List.of(bin.get().resolve("initdb").toString(), "-D", data.toString(), "-U", "utter", "-A", "trust",
                    "-E", "UTF8", "--locale=C.UTF-8"), root);
            run(List.of(bin.get().resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l",
                    dir.resolve("log").toString(), "-o",
                    "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=off", "start"), root);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(bin.get(), data, dir, root)));
            return new LocalPostgres("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        } catch (IOException e) {
            throw new IllegalStateException("Could not start a local PostgreSQL", e);
        }
    }

    private static void stop(Path bin, Path data, Path dir, boolean root) {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"), root);
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } catch (IOException | RuntimeException ignored) {
            // best effort at JVM exit
        }
    }

    private static Optional<Path> findBinaries() {
        List<Path> candidates = new ArrayList<>();
        try (Stream<Path> versions = Files.list(Path.of("/usr/lib/postgresql"))) {
            versions.sorted(Comparator.reverseOrder()).forEach(v -> candidates.add(v.resolve("bin")));
        } catch (IOException notDebian) {
            // fall through to PATH
        }
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            candidates.add(Path.of(entry));
        }
        return candidates.stream().filter(p -> Files.isExecutable(p.resolve("initdb"))).findFirst();
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
