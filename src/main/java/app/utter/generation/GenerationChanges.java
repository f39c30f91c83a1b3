package app.utter.generation;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Wakes whoever follows a generation (event streams, audio streams) the moment its row changes in this app
 * instance, instead of at their next look at the database. Followers still look now and then, for changes made
 * by other instances that share the database.
 */
@Component
public class GenerationChanges {

    private final ConcurrentMap<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
    private final ApplicationEventPublisher events;

    GenerationChanges(ApplicationEventPublisher events) {
        this.events = events;
    }

    /** The next change of generation {@code id}. Take it before reading the generation, so no change slips by. */
    public NextChange next(String id) {
        return new NextChange(id, pending.computeIfAbsent(id, key -> new CompletableFuture<>()));
    }

    /** Stops keeping a wait for a generation that has ended (it changes no more, or only elsewhere). */
    public void forget(String id) {
        CompletableFuture<Void> waiting = pending.remove(id);
        if (waiting != null) {
            waiting.complete(null);
        }
    }

    void changed(String id) {
        forget(id);
    }

    /** Tells the rest of the app that the job has ended (succeeded, failed or cancelled) here. */
    void ended(String id) {
        events.publishEvent(new GenerationEnded(id));
    }

    /** A change that has not happened yet, as seen when {@link #next} was called. */
    public record NextChange(String id, CompletableFuture<Void> signal) {

        /** Returns when the generation changed, or after {@code max} at the latest. */
        public void await(Duration max) throws InterruptedException {
            try {
                signal.get(max.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException quiet) {
                // nothing changed here; the caller reads the database anyway
            }
        }
    }
}
