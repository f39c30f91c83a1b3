package app.utter.speech;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The commands that install, feed and run the local worker, each with its output in the worker's log. Everything
 * runs in the worker's source folder, so that its Python package is found.
 */
final class WorkerCommands {

    private final LocalWorkerProperties properties;
    private final WorkerLog log;
    private final Map<String, String> environment;

    WorkerCommands(LocalWorkerProperties properties, WorkerLog log, Map<String, String> environment) {
        this.properties = properties;
        this.log = log;
        this.environment = environment;
    }

    Path python() {
        return properties.environment().resolve("bin").resolve("python");
    }

    /** Whether the environment has what the worker imports (checked by importing it). */
    boolean installed() throws InterruptedException {
        if (!Files.isExecutable(python())) {
            return false;
        }
        String modules = properties.fake() ? "fastapi, uvicorn, numpy, soundfile" : "fastapi, uvicorn, torch, qwen_tts";
        try {
            return builder(List.of(python().toString(), "-c", "import " + modules))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes the environment and installs the worker's packages; its output goes to the log. */
    Process install() throws IOException {
        List<String> command = List.of("bash", properties.source().resolve("scripts").resolve("install-local.sh")
                .toString(), properties.environment().toAbsolutePath().toString(), properties.fake() ? "fake" : "real");
        log.note("installing: " + String.join(" ", command));
        return logged(builder(command)).start();
    }

    /** Runs {@code python -m utter_worker.<module>} and hands each line it prints to {@code lines}; its exit code. */
    int module(String module, List<String> arguments, Consumer<String> lines) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(python().toString(), "-m", "utter_worker." + module));
        command.addAll(arguments);
        log.note("running: " + String.join(" ", command));
        Process process = builder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.file().toFile())).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                lines.accept(line);
            }
        }
        return process.waitFor();
    }

    /** Starts the worker's server on {@code port}; it runs until stopped. */
    Process serve(int port, Map<String, String> settings) throws IOException {
        List<String> command = List.of(python().toString(), "-m", "utter_worker", "--host", "127.0.0.1", "--port",
                Integer.toString(port));
        log.note("starting: " + String.join(" ", command) + " (model " + settings.get("UTTER_MODEL") + ", engine "
                + settings.get("UTTER_ENGINE") + ")");
        ProcessBuilder builder = logged(builder(command));
        builder.environment().putAll(settings);
        return builder.start();
    }

    private ProcessBuilder builder(List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(properties.source().toFile());
        builder.environment().putAll(environment);
        return builder;
    }

    private ProcessBuilder logged(ProcessBuilder builder) throws IOException {
        Files.createDirectories(log.file().getParent());
        return builder.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()));
    }
}
