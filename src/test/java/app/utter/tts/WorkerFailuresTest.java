package app.utter.tts;

import static app.utter.tts.FakeWorker.Fault.BAD_GATEWAY;
import static app.utter.tts.FakeWorker.Fault.CUT_MID_STREAM;
import static app.utter.tts.FakeWorker.Fault.ERROR_FRAME;
import static app.utter.tts.FakeWorker.Fault.REDIRECT;
import static app.utter.tts.FakeWorker.Fault.SERVER_ERROR;
import static app.utter.tts.FakeWorker.Fault.STALL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How the worker adapter fails, against scripted faults of the fake worker: what is retried (before any audio),
 * what is not (after audio, or a refusal), and which exception the caller gets.
 */
class WorkerFailuresTest {

    static final String TEXT = "Twenty-four characters.";

    FakeWorker worker;
    WorkerTtsEngine engine;
    VoicePrompt prompt;

    @BeforeEach
    void start() throws IOException {
        worker = new FakeWorker().stallFor(Duration.ofSeconds(3));
        engine = TestWorkers.engine(worker.baseUrl());
        prompt = engine.createPrompt(TestWorkers.referenceClip(), "A transcript.", false);
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    @Test
    void serverErrorsAreRetriedUntilTheWorkerAnswers() {
        worker.fail(SERVER_ERROR, BAD_GATEWAY);

        SynthesisResult result = synthesize(new RecordingListener());

        assertThat(result.samples()).isEqualTo(FakeWorker.SAMPLES_PER_CHAR * TEXT.length());
        assertThat(synthesisRequests()).isEqualTo(3);
    }

    @Test
    void persistentServerErrorsFailAfterTheConfiguredRetries() {
        worker.fail(SERVER_ERROR, SERVER_ERROR, BAD_GATEWAY, SERVER_ERROR);

        assertThatThrownBy(() -> synthesize(new RecordingListener()))
                .isInstanceOf(TtsUnavailableException.class)
                .hasMessageContaining("failed 3 time(s)")
                .hasMessageContaining("502");
        assertThat(synthesisRequests()).isEqualTo(3);
    }

    @Test
    void aTimeoutBeforeTheResponseIsRetried() {
        worker.fail(STALL);

        assertThat(engine.createPrompt(TestWorkers.referenceClip(), "Again.", false).model())
                .isEqualTo(FakeWorker.MODEL);
        assertThat(worker.requests()).hasSize(3);
    }

    @Test
    void persistentTimeoutsFailAsUnavailable() {
        worker.fail(STALL, STALL, STALL);

        assertThatThrownBy(() -> synthesize(new RecordingListener()))
                .isInstanceOf(TtsUnavailableException.class)
                .hasMessageContaining("timed out");
        assertThat(synthesisRequests()).isEqualTo(3);
    }

    @Test
    void anUnreachableWorkerFailsAsUnavailable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        WorkerTtsEngine nowhere = TestWorkers.engine("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> nowhere.synthesize(SynthesisRequest.of(TEXT, "English", prompt),
                new RecordingListener()))
                .isInstanceOf(TtsUnavailableException.class)
                .hasMessageContaining("failed 3 time(s)")
                .hasMessageContaining("ConnectException");
        assertThatThrownBy(nowhere::health).isInstanceOf(TtsUnavailableException.class);
    }

    @ParameterizedTest
    @CsvSource({"STALL_MID_STREAM, stopped sending audio mid-stream", "DROP_MID_STREAM, dropped mid-stream"})
    void aStreamThatFailsAfterAudioIsAnErrorAndNotRetried(FakeWorker.Fault fault, String message) {
        worker.fail(fault);
        RecordingListener heard = new RecordingListener();

        assertThatThrownBy(() -> synthesize(heard))
                .isInstanceOf(TtsUnavailableException.class)
                .hasMessageContaining(message);
        assertThat(heard.chunks).hasSize(1);
        assertThat(synthesisRequests()).isEqualTo(1);
    }

    @Test
    void aStreamEndingWithoutItsEndFrameIsAnError() {
        worker.fail(CUT_MID_STREAM);

        assertThatThrownBy(() -> synthesize(new RecordingListener()))
                .isInstanceOf(TtsUnavailableException.class)
                .hasMessageContaining("ended without its end frame");
    }

    @Test
    void anErrorFrameCarriesTheWorkersProblem() {
        worker.fail(ERROR_FRAME);

        assertThatThrownBy(() -> synthesize(new RecordingListener()))
                .isInstanceOfSatisfying(SynthesisFailedException.class, e -> {
                    assertThat(e.problem().code()).isEqualTo("synthesis-failed");
                    assertThat(e.problem().status()).isEqualTo(500);
                });
        assertThat(synthesisRequests()).isEqualTo(1);
    }

    @Test
    void stillRunningRedirectsAreFollowedWithGetUpToTheLimit() {
        worker.fail(REDIRECT, REDIRECT);

        assertThat(synthesize(new RecordingListener()).samples()).isPositive();
        assertThat(worker.redirectsSent()).isEqualTo(2);
        assertThat(worker.requests()).extracting(r -> r.method() + " " + r.path())
                .contains("GET /v1/results/1", "GET /v1/results/2");

        worker.fail(REDIRECT, REDIRECT, REDIRECT);
        assertThatThrownBy(() -> synthesize(new RecordingListener()))
                .isInstanceOf(TtsUnavailableException.class)
                .hasMessageContaining("still running after 2 redirect(s)");
    }

    @Test
    void aPromptFromAnotherModelMustBeRebuilt() {
        worker.model("fake/utter-fake@rev2");

        assertThatThrownBy(() -> synthesize(new RecordingListener()))
                .isInstanceOfSatisfying(PromptRebuildRequiredException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(409);
                    assertThat(e.problem().code()).isEqualTo("prompt-model-mismatch");
                    assertThat(e.problem().properties()).containsEntry("worker_model", "fake/utter-fake@rev2");
                });

        prompt = engine.createPrompt(TestWorkers.referenceClip(), "A transcript.", false);
        assertThat(prompt.model()).isEqualTo("fake/utter-fake@rev2");
        assertThat(synthesize(new RecordingListener()).samples()).isPositive();
    }

    @Test
    void aPromptInAnUnknownFormatMustBeRebuilt() {
        prompt = new VoicePrompt(FakeWorker.promptBlob(2, FakeWorker.MODEL, new byte[32]), FakeWorker.MODEL, 2);

        assertThatThrownBy(() -> synthesize(new RecordingListener()))
                .isInstanceOfSatisfying(PromptRebuildRequiredException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("prompt-version-unsupported"));
    }

    private SynthesisResult synthesize(RecordingListener listener) {
        return engine.synthesize(SynthesisRequest.of(TEXT, "English", prompt), listener);
    }

    private long synthesisRequests() {
        return worker.requests().stream().filter(r -> r.path().equals("/v1/synthesize")).count();
    }
}
