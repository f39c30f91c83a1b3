package app.utter.generation;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import app.utter.tts.TtsEngine;
import app.utter.tts.TtsException;
import app.utter.tts.WorkerHealth;

/**
 * How much generation work this instance gives the worker at once, sized from what the worker says it decodes
 * together ({@code capacity} in its health) unless configured: jobs running, worker requests per job, and worker
 * requests in flight across all jobs. Until the worker has answered, and without one, fixed modest defaults.
 */
@Component
class JobCapacity {

    /** What this instance runs at once, and why. */
    record Sizing(int concurrentJobs, int parallelChunks, int workerRequests, String basis) {
    }

    private static final Logger log = LoggerFactory.getLogger(JobCapacity.class);
    private static final Duration RECHECK = Duration.ofMinutes(5);
    private static final int UNKNOWN_JOBS = 2;
    private static final int MAX_PARALLEL_CHUNKS = 4;
    private static final int WORKER_BACKLOG = 4; // requests in flight per stream the worker decodes, at most

    private final TtsEngine engine;
    private final GenerationProperties properties;
    private final RequestLimit requests;
    private final AtomicBoolean checking = new AtomicBoolean();
    private volatile Sizing sizing;
    private volatile Instant checkedAt = Instant.MIN;

    JobCapacity(TtsEngine engine, GenerationProperties properties) {
        this.engine = engine;
        this.properties = properties;
        this.sizing = size(properties, null);
        this.requests = new RequestLimit(sizing.workerRequests());
    }

    /** The current sizing; asks the worker again in the background when the last answer is old. */
    Sizing sizing() {
        if (checkedAt.plus(RECHECK).isBefore(Instant.now()) && checking.compareAndSet(false, true)) {
            Thread.ofVirtual().name("worker-capacity").start(this::check);
        }
        return sizing;
    }

    /** Waits for a free worker request; a text's first part goes before later parts. */
    void acquireRequest(boolean firstPart) throws InterruptedException {
        requests.acquire(firstPart);
    }

    void releaseRequest() {
        requests.release();
    }

    private void check() {
        try {
            WorkerHealth health = engine.health();
            Sizing next = size(properties, health.capacity());
            if (!next.equals(sizing)) {
                log.info("Generation sizing: {}", next);
            }
            sizing = next;
            requests.resize(next.workerRequests());
        } catch (TtsException unreachable) {
            log.debug("The worker's capacity is not known yet: {}", unreachable.getMessage());
        } finally {
            checkedAt = Instant.now();
            checking.set(false);
        }
    }

    static Sizing size(GenerationProperties properties, WorkerHealth.Capacity capacity) {
        boolean configured = properties.concurrentJobs() > 0 || properties.parallelChunks() > 0;
        if (capacity == null || capacity.streams() < 1) {
            int chunks = properties.parallelChunks() > 0 ? properties.parallelChunks() : MAX_PARALLEL_CHUNKS;
            int jobs = properties.concurrentJobs() > 0 ? properties.concurrentJobs() : UNKNOWN_JOBS;
            return new Sizing(jobs, chunks, jobs * chunks, configured ? "configured; the worker's capacity is not known"
                    : "defaults until the worker reports its capacity");
        }
        int inFlight = Math.min(capacity.streams() + capacity.queue(), WORKER_BACKLOG * capacity.streams());
        int chunks = properties.parallelChunks() > 0 ? properties.parallelChunks()
                : Math.min(MAX_PARALLEL_CHUNKS, capacity.streams());
        int jobs = properties.concurrentJobs() > 0 ? properties.concurrentJobs() : inFlight;
        return new Sizing(jobs, chunks, inFlight, String.format("%sthe worker decodes %d streams with %d waiting",
                configured ? "configured; " : "", capacity.streams(), capacity.queue()));
    }
}
