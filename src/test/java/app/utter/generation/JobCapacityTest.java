package app.utter.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import app.utter.tts.WorkerHealth;

/** How much generation work an instance gives the worker, from what the worker says it decodes at once. */
class JobCapacityTest {

    static GenerationProperties properties(int concurrentJobs, int parallelChunks) {
        return new GenerationProperties(concurrentJobs, parallelChunks, Duration.ofSeconds(30), Duration.ofMillis(500),
                3, Duration.ofSeconds(5), true);
    }

    static WorkerHealth.Capacity worker(int streams, int queue) {
        return new WorkerHealth.Capacity(streams, queue, 0, 0);
    }

    @Test
    void aBatchingWorkerGetsAsManyRequestsAsItDecodesAndQueuesAtMostFourTimesOver() {
        assertThat(JobCapacity.size(properties(0, 0), worker(16, 32)))
                .isEqualTo(new JobCapacity.Sizing(48, 4, 48, "the worker decodes 16 streams with 32 waiting"));
        assertThat(JobCapacity.size(properties(0, 0), worker(16, 4)).workerRequests()).isEqualTo(20);
        assertThat(JobCapacity.size(properties(0, 0), worker(8, 100)).workerRequests()).isEqualTo(32);
    }

    @Test
    void aWorkerThatSpeaksOneTextAtATimeGetsOneRequestPerJob() {
        JobCapacity.Sizing sizing = JobCapacity.size(properties(0, 0), worker(1, 32));

        assertThat(sizing.parallelChunks()).isEqualTo(1);
        assertThat(sizing.workerRequests()).isEqualTo(4);
        assertThat(sizing.concurrentJobs()).isEqualTo(4);
    }

    @Test
    void withoutAnAnswerFromTheWorkerModestDefaultsHold() {
        assertThat(JobCapacity.size(properties(0, 0), null))
                .isEqualTo(new JobCapacity.Sizing(2, 4, 8, "defaults until the worker reports its capacity"));
    }

    @Test
    void configuredFiguresWinOverTheWorkers() {
        assertThat(JobCapacity.size(properties(5, 2), worker(16, 32)))
                .isEqualTo(new JobCapacity.Sizing(5, 2, 48, "configured; the worker decodes 16 streams with 32 waiting"));
        assertThat(JobCapacity.size(properties(3, 0), null).workerRequests()).isEqualTo(12);
    }

    @Test
    void firstPartsGoBeforeWaitingLaterPartsWhenARequestComesFree() throws Exception {
        RequestLimit limit = new RequestLimit(1);
        limit.acquire(false);
        java.util.List<String> order = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        Thread later = Thread.ofVirtual().start(() -> take(limit, false, "later", order));
        awaitWaiting(later); // the later part waits first
        Thread first = Thread.ofVirtual().start(() -> take(limit, true, "first", order));
        awaitWaiting(first);

        limit.release();
        first.join(2000);
        limit.release();
        later.join(2000);

        assertThat(order).containsExactly("first", "later");
    }

    @Test
    void aLargerLimitLetsWaitingRequestsGo() throws Exception {
        RequestLimit limit = new RequestLimit(1);
        limit.acquire(true);
        Thread waiting = Thread.ofVirtual().start(() -> take(limit, false, "waiting", new java.util.ArrayList<>()));
        awaitWaiting(waiting);

        limit.resize(2);

        waiting.join(2000);
        assertThat(waiting.isAlive()).isFalse();
    }

    private static void awaitWaiting(Thread thread) throws InterruptedException {
        while (thread.getState() != Thread.State.WAITING) {
            Thread.sleep(5);
        }
    }

    private static void take(RequestLimit limit, boolean firstPart, String name, java.util.List<String> order) {
        try {
            limit.acquire(firstPart);
            order.add(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
