package app.utter.tts;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * What was learned from the worker (what it can do), kept for a while so that pages can ask cheaply, then asked
 * again.
 */
public final class Remembered<T> {

    private final Supplier<T> source;
    private final Duration lifetime;
    private volatile T value;
    private volatile Instant learnedAt = Instant.MIN;

    public Remembered(Duration lifetime, Supplier<T> source) {
        this.source = source;
        this.lifetime = lifetime;
    }

    /** The last answer while it is younger than the lifetime, else a fresh one. */
    public T get() {
        if (learnedAt.plus(lifetime).isAfter(Instant.now())) {
            return value;
        }
        return set(source.get());
    }

    /** Remembers {@code learned} in place of the last answer (the worker was found to have changed). */
    public T set(T learned) {
        value = learned;
        learnedAt = Instant.now();
        return learned;
    }
}
