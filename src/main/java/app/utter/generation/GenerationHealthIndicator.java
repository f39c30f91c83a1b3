package app.utter.generation;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/** Shows at /actuator/health how much generation work this instance runs at once, and on what basis. */
@Component("generation")
class GenerationHealthIndicator extends AbstractHealthIndicator {

    private final JobCapacity capacity;

    GenerationHealthIndicator(JobCapacity capacity) {
        this.capacity = capacity;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        JobCapacity.Sizing sizing = capacity.sizing();
        builder.up().withDetail("concurrentJobs", sizing.concurrentJobs())
                .withDetail("parallelChunks", sizing.parallelChunks())
                .withDetail("workerRequests", sizing.workerRequests())
                .withDetail("basis", sizing.basis());
    }
}
