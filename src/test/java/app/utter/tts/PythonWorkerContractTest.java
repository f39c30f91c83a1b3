package app.utter.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import app.utter.support.AudioFixtures;

/**
 * The adapter against the real Python worker (worker/, its deterministic fake engine), so that the Java client
 * and the Python server cannot drift apart. Needs worker/.venv (worker/scripts/test.sh makes it); skipped without
 * it, except on CI.
 */
class PythonWorkerContractTest {

    static final Path CLIP = AudioFixtures.DIR.resolve("nature-en.wav");
    static final String TRANSCRIPT = "Some call me nature, others call me mother nature.";
    static final int SAMPLES_PER_FRAME = 1920;

    static PythonWorker worker;
    static WorkerTtsEngine engine;
    static String skipReason;

    @BeforeAll
    static void startWorker() throws Exception {
        skipReason = PythonWorker.unavailableBecause();
        if (skipReason != null && "true".equals(System.getenv("CI"))) {
            fail(skipReason);
        }
        if (skipReason == null) {
            worker = PythonWorker.start(Map.of());
            engine = engine(worker, "binary");
        }
    }

    // Skipping per test, not in @BeforeAll, so that the reason shows in the build's report.
    @BeforeEach
    void needsTheWorker() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void stopWorker() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
    }

    static WorkerTtsEngine engine(PythonWorker worker, String streamFormat) {
        return new WorkerTtsEngine(new WorkerProperties(worker.baseUrl(), worker.token(), null, null,
                Duration.ofSeconds(2), Duration.ofSeconds(20), 1, Duration.ofMillis(50), 2.0, Duration.ofMillis(200), 0,
                streamFormat, Duration.ofSeconds(30)));
    }

    @Test
    void healthDescribesTheFakeEngine() {
        WorkerHealth health = engine.health();

        assertThat(health.protocolVersion()).isEqualTo(1);
        assertThat(health.engine()).isEqualTo("fake");
        assertThat(health.model().key()).isEqualTo("fake/utter-fake");
        assertThat(health.sampleRate()).isEqualTo(24000);
        assertThat(health.auth()).isEqualTo("bearer");
        assertThat(health.languages()).contains("English", "Chinese");
    }

    @Test
    void aRealClipBecomesAPromptThatSpeaksABatch() {
        VoicePrompt prompt = engine.createPrompt(CLIP, TRANSCRIPT, false);
        assertThat(prompt.model()).isEqualTo("fake/utter-fake");
        assertThat(prompt.formatVersion()).isEqualTo(1);
        assertThat(new String(prompt.bytes(), 0, 4)).isEqualTo("UTVP");

        List<String> texts = List.of("Hello from the contract test.", "Second item.");
        RecordingListener heard = new RecordingListener();
        SynthesisResult result = engine.synthesize(
                new SynthesisRequest(texts, "English", prompt, null, 42L, null), heard);

        assertThat(heard.start.seed()).isEqualTo(42);
        assertThat(heard.start.items()).isEqualTo(2);
        assertThat(heard.itemOrder()).isSorted();
        assertThat(heard.done).containsExactly(0, 1);
        for (int item = 0; item < texts.size(); item++) {
            long advertised = result.itemSamples().get(item);
            assertThat(advertised).isEqualTo((2L + texts.get(item).length()) * SAMPLES_PER_FRAME);
            assertThat(heard.pcm(item)).hasSize((int) (2 * advertised));
        }
        assertThat(result.samples()).isEqualTo(result.itemSamples().stream().mapToLong(Long::longValue).sum());

        RecordingListener again = new RecordingListener();
        engine.synthesize(SynthesisRequest.of(texts.getFirst(), "English", prompt).withSeed(42), again);
        assertThat(again.pcm(0)).as("same seed, same audio").isEqualTo(heard.pcm(0));
    }

    @Test
    void refusalsMapToTheirExceptions() {
        VoicePrompt prompt = engine.createPrompt(CLIP, TRANSCRIPT, false);
        byte[] future = prompt.bytes();
        future[4] = 9;

        assertThatThrownBy(() -> engine.synthesize(SynthesisRequest.of("Hi.", "English",
                new VoicePrompt(future, prompt.model(), 9)), new RecordingListener()))
                .isInstanceOfSatisfying(PromptRebuildRequiredException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("prompt-version-unsupported"));
        assertThatThrownBy(() -> engine.synthesize(SynthesisRequest.of("Hi.", "Klingon", prompt),
                new RecordingListener()))
                .isInstanceOfSatisfying(TtsRejectedException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("unsupported-language"));
        WorkerTtsEngine noToken = TestWorkers.engine(worker.baseUrl());
        assertThatThrownBy(() -> noToken.createPrompt(CLIP, TRANSCRIPT, false))
                .isInstanceOfSatisfying(TtsRejectedException.class,
                        e -> assertThat(e.problem().code()).isEqualTo("unauthorized"));
    }

    @Test
    void healthReportsWhatTheWorkerDecodesAtOnce() {
        WorkerHealth.Capacity capacity = engine.health().capacity();

        assertThat(capacity.streams()).isEqualTo(16);
        assertThat(capacity.queue()).isEqualTo(32);
        assertThat(engine.health().capabilities().batching()).isTrue();
    }

    @Test
    void serverSentEventsCarryTheSameSpeechAsBinaryFrames() {
        VoicePrompt prompt = engine.createPrompt(CLIP, TRANSCRIPT, false);
        SynthesisRequest request = new SynthesisRequest(List.of("First text, a little longer.", "Second."), "English",
                prompt, null, 7L, null, 0);
        RecordingListener binary = new RecordingListener();
        RecordingListener events = new RecordingListener();

        SynthesisResult framed = engine.synthesize(request, binary);
        SynthesisResult evented = engine(worker, "events").synthesize(request, events);

        assertThat(evented.start()).isEqualTo(framed.start());
        assertThat(evented.itemSamples()).isEqualTo(framed.itemSamples());
        assertThat(evented.workerTime()).isPositive();
        assertThat(events.itemOrder()).isSorted().isEqualTo(binary.itemOrder());
        assertThat(events.pcm(0)).isEqualTo(binary.pcm(0)).isNotEmpty();
        assertThat(events.pcm(1)).isEqualTo(binary.pcm(1)).isNotEmpty();
    }

    @Test
    void aBusyWorkerIsWaitedForAsItAsksInsteadOfFailing() throws Exception {
        try (PythonWorker small = PythonWorker.start(Map.of("UTTER_MAX_STREAMS", "1", "UTTER_MAX_QUEUE", "0",
                "UTTER_FAKE_FRAME_SECONDS", "0.05"))) {
            WorkerTtsEngine client = engine(small, "binary");
            VoicePrompt prompt = client.createPrompt(CLIP, TRANSCRIPT, false);
            RecordingListener first = new RecordingListener();
            Thread occupying = Thread.ofVirtual().start(() -> client.synthesize(
                    SynthesisRequest.of("About a second and a half of steps.", "English", prompt), first));
            Thread.sleep(300); // the first request has the only stream
            Instant asked = Instant.now();
            RecordingListener second = new RecordingListener();

            client.synthesize(SynthesisRequest.of("Then me.", "English", prompt), second);

            occupying.join();
            assertThat(first.done).containsExactly(0);
            assertThat(second.done).containsExactly(0);
            assertThat(Duration.between(asked, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            assertThat(small.log()).doesNotContain("Traceback");
        }
    }
}
