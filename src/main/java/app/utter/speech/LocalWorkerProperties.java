package app.utter.speech;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The speech worker this app runs on its own machine when no worker address is configured.
 *
 * @param enabled      offer it at all (false: only a remote worker can speak)
 * @param autoStart    install and start it without waiting for the admin's go-ahead on the Speech page
 * @param engine       {@code auto} (Qwen3-TTS: the batched engine on CUDA, the official one on a CPU) or
 *                     {@code fake} (a tone instead of speech: no torch, no weights, for working on Utter itself)
 * @param model        the Hugging Face model, a local checkpoint folder, or {@code random:tiny}
 * @param python       the Python 3.10+ that makes its environment
 * @param source       the worker's sources (this repository's {@code worker} folder)
 * @param home         its environment, weights and log (default: local-worker in the data folder)
 * @param venv         an existing environment to use instead of installing one under {@code home}
 * @param hubEndpoint  another host for the weights than huggingface.co (a mirror)
 * @param startTimeout the longest a start may take (loading a model on a CPU takes a while)
 */
@ConfigurationProperties("utter.local-worker")
record LocalWorkerProperties(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean autoStart,
                             @DefaultValue("auto") String engine,
                             @DefaultValue("Qwen/Qwen3-TTS-12Hz-0.6B-Base") String model,
                             @DefaultValue("python3") String python, @DefaultValue("worker") Path source,
                             Path home, Path venv,
                             String hubEndpoint, @DefaultValue("10m") Duration startTimeout) {

    LocalWorkerProperties {
        home = home.toAbsolutePath(); // its commands run in the worker's folder, not this one
        venv = venv == null ? null : venv.toAbsolutePath();
    }

    Path environment() {
        return venv != null ? venv : home.resolve("venv");
    }

    boolean fake() {
        return engine.equals("fake");
    }
}
