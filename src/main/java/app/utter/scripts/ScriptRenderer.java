package app.utter.scripts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import app.utter.accounts.Owner;
import app.utter.generation.Generation;
import app.utter.generation.GenerationEnded;
import app.utter.generation.Generations;
import app.utter.generation.NewGeneration;

/**
 * Renders the segments people asked for as generations, a few at a time per script: as many as the instance runs
 * at once and two more, so the runner never waits for the next and other people's generations are not stuck behind
 * a whole book. It tops a script up when one of its generations ends, and looks at every waiting script now and
 * then, which is also how a render goes on after a restart or on another instance.
 */
@Component
class ScriptRenderer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ScriptRenderer.class);
    private static final long LOOK_AGAIN_MS = 2_000;
    private static final int READY_AHEAD = 2;
    static final int MAX_TAKES = 10;
    static final long MAX_SEED = 4_294_967_295L;

    private final ScriptRepository repository;
    private final Generations generations;
    private ExecutorService filler;
    private ScheduledExecutorService looker;

    ScriptRenderer(ScriptRepository repository, Generations generations) {
        this.repository = repository;
        this.generations = generations;
    }

    /** Tops the script up soon, on this instance's one filling thread. */
    void wake(String scriptId) {
        ExecutorService current = filler;
        if (current != null && !current.isShutdown()) {
            current.execute(() -> fill(scriptId));
        }
    }

    @EventListener
    void on(GenerationEnded ended) {
        repository.scriptOfGeneration(ended.generationId()).ifPresent(this::wake);
    }

    /** Renders one segment now, whatever the script's share: a new take with its own seed. */
    Take renderNow(Owner owner, Segment segment) {
        return start(owner, segment, randomSeed(), false);
    }

    private static long randomSeed() {
        return ThreadLocalRandom.current().nextLong(MAX_SEED + 1);
    }

    private void fill(String scriptId) {
        try {
            repository.findById(scriptId).ifPresent(script -> {
                Owner owner = new Owner(script.ownerId(), null);
                List<Segment> segments = repository.segments(scriptId);
                Map<String, Take> takes = repository.takesOf(scriptId);
                List<String> chosen = segments.stream().filter(s -> s.takeId() != null && takes.containsKey(s.takeId()))
                        .map(s -> takes.get(s.takeId()).generationId()).toList();
                long active = generations.find(owner, chosen).values().stream()
                        .filter(generation -> !generation.status().finished()).count();
                long room = generations.jobsAtOnce() + READY_AHEAD - active;
                for (Segment segment : segments) {
                    if (room <= 0) {
                        break;
                    }
                    if (segment.renderWanted()) {
                        start(owner, segment, randomSeed(), true);
                        room--;
                    }
                }
            });
        } catch (RuntimeException e) {
            log.warn("Rendering script {} stopped for now; the next look goes on", scriptId, e);
        }
    }

    /**
     * Submits the segment's generation and makes it the chosen take. A wanted segment is taken for this render only
     * once its take exists, so it never looks stale meanwhile; if another instance took it first, this one's
     * generation is dropped.
     */
    private Take start(Owner owner, Segment segment, long seed, boolean wanted) {
        Generation generation;
        try {
            generation = generations.submitPart(owner, new NewGeneration(segment.voiceId(), segment.text(),
                    segment.language(), seed, null, null, segment.instructions()), "script:" + segment.scriptId());
        } catch (ErrorResponseException refused) { // a deleted voice, no characters left today: say so on it
            repository.renderRefused(segment.id(), refused.getBody().getDetail());
            return null;
        }
        Take take = new Take(UUID.randomUUID().toString(), segment.id(), generation.id(), seed,
                segment.fingerprint(), Instant.now().truncatedTo(ChronoUnit.MICROS));
        repository.insert(take);
        if (!repository.choose(segment.id(), take.id(), wanted)) {
            repository.deleteTake(take.id());
            generations.delete(owner, generation.id());
            return null;
        }
        prune(owner, segment.id(), take.id());
        return take;
    }

    /** Keeps the newest {@link #MAX_TAKES} takes of a segment, with their audio; the chosen one always stays. */
    private void prune(Owner owner, String segmentId, String chosenId) {
        List<Take> takes = repository.takes(segmentId);
        takes.stream().sorted(Comparator.comparing(Take::createdAt).reversed()).skip(MAX_TAKES)
                .filter(take -> !take.id().equals(chosenId)).forEach(take -> {
                    repository.deleteTake(take.id());
                    generations.find(owner, List.of(take.generationId())).keySet()
                            .forEach(id -> generations.delete(owner, id));
                });
    }

    private void lookAtWaitingScripts() {
        try {
            repository.scriptsWaiting().forEach(this::fill);
        } catch (RuntimeException e) {
            log.warn("Looking for scripts to render failed; trying again shortly", e);
        }
    }

    @Override
    public void start() {
        filler = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("script-renderer").factory());
        looker = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("script-looker").daemon()
                .factory());
        looker.scheduleWithFixedDelay(() -> filler.execute(this::lookAtWaitingScripts), LOOK_AGAIN_MS,
                LOOK_AGAIN_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        looker.shutdownNow();
        filler.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return filler != null && !filler.isShutdown();
    }
}
