package app.utter.audio;

import java.nio.file.Path;
import java.time.Duration;

import app.utter.support.AudioFixtures;

/** The real speech clips (read-only: tests copy what they change). */
final class Fixtures {

    static final Duration MAX_DURATION = Duration.ofSeconds(60);

    private Fixtures() {}

    static Path clip(String name) {
        return AudioFixtures.DIR.resolve(name);
    }
}
