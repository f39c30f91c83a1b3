package app.utter.tts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** The ttsWorker health component: UP with what runs, UNREACHABLE when it does not answer, UNKNOWN when not configured. */
class TtsWorkerHealthIndicatorTest {

    @Test
    void aReachableWorkerIsUpWithItsModelAndAttention() throws IOException {
        try (FakeWorker worker = new FakeWorker()) {
            Health health = indicator(worker.baseUrl()).health(true);

            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("reachable", true).containsEntry("model", FakeWorker.MODEL)
                    .containsEntry("attention", "sdpa").containsEntry("engine", "fake");
        }
    }

    @Test
    void anUnreachableWorkerIsDown() throws IOException {
        FakeWorker worker = new FakeWorker();
        String gone = worker.baseUrl();
        worker.close();

        Health health = indicator(gone).health(true);

        assertThat(health.getStatus()).isEqualTo(TtsWorkerHealthIndicator.UNREACHABLE);
        assertThat(health.getDetails()).containsEntry("reachable", false).containsKey("error");
    }

    @Test
    void noConfiguredWorkerIsUnknownNotDown() {
        Health health = indicator("").health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
        assertThat(health.getDetails()).containsEntry("worker", "not configured");
    }

    private static TtsWorkerHealthIndicator indicator(String baseUrl) {
        return new TtsWorkerHealthIndicator(TestWorkers.engine(baseUrl));
    }
}
