package app.utter;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The repository carries what its tests need: a clone in an empty folder, with nothing beside it, runs the
 * worker's suite and a Java test that reads the speech clips. (What a clone holds is what is committed.)
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FreshCloneTests {

    Path clone;

    @BeforeAll
    void cloneIntoAnEmptyFolder() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of(".git")), "not a git checkout: nothing to clone");
        Path empty = Files.createTempDirectory("utter-clone-");
        clone = empty.resolve("utter");
        assertThat(run(Path.of("."), 120, "git", "clone", "--quiet", "--no-local", Path.of("").toAbsolutePath()
                .toUri().toString(), clone.toString())).isZero();
        try (var beside = Files.list(empty)) {
            assertThat(beside.map(path -> path.getFileName().toString())).containsExactly("utter");
        }
    }

    @Test
    void theWorkersSuitePasses() throws Exception {
        Path log = Files.createTempFile("utter-clone-worker-", ".log");

        int exit = run(clone, 600, log, "worker/scripts/test.sh", "-q", "-m", "not real_engine");

        assertThat(exit).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).containsPattern("\\d+ passed").doesNotContain("missing");
    }

    @Test
    void aJavaTestReadsTheSpeechClips() throws Exception {
        Path log = Files.createTempFile("utter-clone-java-", ".log");

        int exit = run(clone, 900, log, "./mvnw", "-q", "-B", "-o", "-Dtest=FixtureImportTest",
                "-Dsurefire.failIfNoSpecifiedTests=false", "test");

        assertThat(exit).as(Files.readString(log)).isZero();
        Path report = clone.resolve("target/surefire-reports/app.utter.audio.FixtureImportTest.txt");
        assertThat(Files.readString(report)).containsPattern("Tests run: [1-9]\\d*, Failures: 0, Errors: 0, Skipped: 0");
    }

    private static int run(Path folder, int seconds, String... command) throws IOException, InterruptedException {
        return run(folder, seconds, null, command);
    }

    private static int run(Path folder, int seconds, Path log, String... command)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(List.of(command)).directory(folder.toFile()).redirectErrorStream(true);
        builder.redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(log.toFile()));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took over " + seconds + " s");
        }
        return process.exitValue();
    }
}
