package app.utter.speech;

import java.io.IOException;
import java.nio.file.Path;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** Whether a worker environment holds the real engine (torch and qwen-tts), as CI's always does. */
final class RealEngine {

    private RealEngine() {
    }

    /** Skips the calling test without the real engine, or fails it on CI, where it must be there. */
    static void requireInstalled(Path venv) {
        String missing = missing(venv);
        if (missing != null && "true".equals(System.getenv("CI"))) {
            Assertions.fail(missing);
        }
        Assumptions.assumeTrue(missing == null, missing);
    }

    /** Why the real engine cannot run from {@code venv}, or null when it can. */
    static String missing(Path venv) {
        try {
            Process check = new ProcessBuilder(venv.resolve("bin").resolve("python").toString(), "-c",
                    "import torch, qwen_tts").redirectErrorStream(true).start();
            return check.waitFor() == 0 ? null : "the real engine is not installed in " + venv
                    + "; install it with worker/scripts/install-real-engine.sh";
        } catch (IOException e) {
            return "no worker environment at " + venv + "; create it with worker/scripts/test.sh";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }
}
