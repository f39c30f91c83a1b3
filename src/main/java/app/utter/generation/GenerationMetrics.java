package app.utter.generation;

import java.time.Duration;

import org.springframework.stereotype.Component;

import app.utter.tts.SynthesisFailedException;
import app.utter.tts.TtsException;
import app.utter.tts.TtsNotConfiguredException;
import app.utter.tts.TtsRejectedException;
import app.utter.tts.TtsUnavailableException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * What operators watch of generation ({@code /actuator/prometheus}): jobs queued and running (of every instance,
 * read from the database), and in this instance the time each part takes, each worker request, the first audio
 * of each job, and the worker's errors by kind.
 */
@Component
class GenerationMetrics {

    private final MeterRegistry registry;
    private final Timer part;
    private final Timer workerRequest;
    private final Timer firstAudio;

    GenerationMetrics(MeterRegistry registry, GenerationRepository repository) {
        this.registry = registry;
        for (Generation.Status state : new Generation.Status[] {Generation.Status.QUEUED, Generation.Status.RUNNING}) {
            Gauge.builder("utter.generation.jobs", repository, jobs -> jobs.countByStatus(state))
                    .description("Generation jobs in this state, on every instance").tag("state",
                            state.name().toLowerCase()).register(registry);
        }
        part = Timer.builder("utter.generation.part").description("Making one part of a text: speaking it, checking "
                + "it when asked, storing it").publishPercentileHistogram().register(registry);
        workerRequest = Timer.builder("utter.worker.request").description("One request to the speech worker, as "
                + "this instance waited for it").publishPercentileHistogram().register(registry);
        firstAudio = Timer.builder("utter.generation.first.audio").description("From a generation's submission to "
                + "its first part stored, on its first attempt").publishPercentileHistogram().register(registry);
    }

    void partMade(Duration took) {
        part.record(took);
    }

    void workerAnswered(Duration took) {
        workerRequest.record(took);
    }

    void firstAudio(Duration afterSubmission) {
        firstAudio.record(afterSubmission);
    }

    void workerFailed(TtsException failure) {
        Counter.builder("utter.worker.errors").description("Worker requests that failed, by kind")
                .tag("kind", kind(failure)).register(registry).increment();
    }

    private static String kind(TtsException failure) {
        return switch (failure) {
            case TtsUnavailableException unavailable -> "unavailable";
            case TtsRejectedException rejected -> "rejected";
            case SynthesisFailedException failed -> "failed";
            case TtsNotConfiguredException none -> "not-configured";
            default -> "other";
        };
    }
}
