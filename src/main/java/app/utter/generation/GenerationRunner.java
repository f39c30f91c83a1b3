package app.utter.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Takes queued generations from the database and runs them, a few at a time. Any number of runners, in one
 * app or in several, can share a database: a job belongs to the runner holding its lease, and a job whose
 * runner stops renewing the lease (a crash, a restart) is taken over and resumed from its finished chunks.
 */
@Component
class GenerationRunner implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GenerationRunner.class);

    private final GenerationRepository repository;
    private final GenerationJob.Factory jobs;
    private final GenerationProperties properties;
    private final JobCapacity capacity;
    private final String runnerId = "runner-" + UUID.randomUUID();
    private final AtomicInteger jobsRunning = new AtomicInteger();

    private volatile boolean running;
    private ScheduledExecutorService poller;
    private ExecutorService workers;

    GenerationRunner(GenerationRepository repository, GenerationJob.Factory jobs, GenerationProperties properties,
            JobCapacity capacity) {
        this.repository = repository;
        this.jobs = jobs;
        this.properties = properties;
        this.capacity = capacity;
    }

    @Override
    public void start() {
        capacity.sizing(); // asks the worker what it decodes at once, in the background
        running = true;
        workers = Executors.newVirtualThreadPerTaskExecutor();
        poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("generation-poller").daemon().factory());
        poller.scheduleWithFixedDelay(this::takeJobs, 0, properties.poll().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        poller.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts a just-submitted job here and now if a slot is free, without waiting for the poller to find it. */
    void offer(String id) {
        if (!running || jobs.speechPreparing() || !takeSlot()) {
            wakeUp();
            return;
        }
        boolean started = false;
        try {
            started = claimAndRun(id, Instant.now());
        } catch (RuntimeException e) { // the job is safely queued: the poller will find it
            log.warn("Starting generation {} at once failed; the next poll takes it", id, e);
        } finally {
            if (!started) {
                jobsRunning.decrementAndGet();
            }
        }
    }

    /** Looks for work now rather than at the next poll (a slot came free). */
    void wakeUp() {
        try {
            if (running) {
                poller.execute(this::takeJobs);
            }
        } catch (RejectedExecutionException stopping) {
            // the runner is stopping; the next one finds the job in the database
        }
    }

    String runnerId() {
        return runnerId;
    }

    private void takeJobs() {
        try {
            if (jobs.speechPreparing()) {
                return; // the worker is being installed or started: jobs wait in the queue for it
            }
            int free = capacity.sizing().concurrentJobs() - jobsRunning.get();
            if (free <= 0) {
                return;
            }
            for (String id : repository.findRunnable(Instant.now(), free)) {
                Instant now = Instant.now();
                if (takeSlot() && !claimAndRun(id, now)) {
                    jobsRunning.decrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            log.warn("Looking for generation jobs failed; trying again at the next poll", e);
        }
    }

    /** Counts one more job running, if the current limit allows it. */
    private boolean takeSlot() {
        int limit = capacity.sizing().concurrentJobs();
        for (int now = jobsRunning.get(); now < limit; now = jobsRunning.get()) {
            if (jobsRunning.compareAndSet(now, now + 1)) {
                return true;
            }
        }
        return false;
    }

    private boolean claimAndRun(String id, Instant now) {
        if (!repository.claim(id, runnerId, now, now.plus(properties.lease()))) {
            return false;
        }
        workers.execute(() -> {
            try {
                jobs.create(id, runnerId).run();
            } finally {
                jobsRunning.decrementAndGet();
                wakeUp();
            }
        });
        return true;
    }

    Duration lease() {
        return properties.lease();
    }
}
