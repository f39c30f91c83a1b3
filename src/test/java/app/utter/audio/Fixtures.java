package app.utter.audio;

import java.nio.file.Path;
import java.time.Duration;

/** The shared real speech clips (read-only: tests copy what they change). */
final class Fixtures {

    static final Duration MAX_DURATION = Duration.ofSeconds(60);

    private static final Path FOLDER = Path.of("..", "shared", "fixtures", "audio");

    private Fixtures() {}

    static Path clip(String name) {
        return FOLDER.resolve(name);
    }
}
