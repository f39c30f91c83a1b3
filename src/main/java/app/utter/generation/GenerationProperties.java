package app.utter.generation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How generation jobs run.
 *
 * @param concurrentJobs  jobs one app instance runs at once; 0: sized from the worker's capacity
 * @param parallelChunks  worker requests one job has in flight at once; 0: sized from the worker's capacity
 * @param lease           how long a runner holds a job without a heartbeat before another may take it over
 * @param poll            how often an idle runner looks for queued jobs
 * @param maxAttempts     tries of a job that fails for a passing reason (worker unreachable, 5xx)
 * @param retryDelay      wait before the second try; doubled for each further one
 * @param selfCheck       whether generations are checked by listening unless they say otherwise (when the worker
 *                        transcribes)
 */
@ConfigurationProperties("utter.generation")
public record GenerationProperties(
        @DefaultValue("0") int concurrentJobs,
        @DefaultValue("0") int parallelChunks,
        @DefaultValue("30s") Duration lease,
        @DefaultValue("500ms") Duration poll,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("5s") Duration retryDelay,
        @DefaultValue("true") boolean selfCheck) {
}
