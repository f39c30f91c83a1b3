package app.utter.tts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;

/** The worker adapter's normal paths against the fake worker: health, prompts, streaming, batches, auth. */
class WorkerTtsEngineTest {

    FakeWorker worker;
    WorkerTtsEngine engine;

    @BeforeEach
    void start() throws IOException {
        worker = new FakeWorker();
        engine = TestWorkers.engine(worker.baseUrl());
    }

    @AfterEach
    void stop() {
        worker.close();
    }

    @Test
    void healthReportsModelAttentionAndLimits() {
        WorkerHealth health = engine.health();

        assertThat(health.model().key()).isEqualTo(FakeWorker.MODEL);
        assertThat(health.attention()).isEqualTo("sdpa");
        assertThat(health.engine()).isEqualTo("fake");
        assertThat(health.protocolVersion()).isEqualTo(1);
        assertThat(health.capabilities().xVectorOnly()).isTrue();
        assertThat(health.limits().maxTextChars()).isEqualTo(1000);
    }

    @Test
    void promptIsMadeFromTheClipAndBoundToTheModel(@TempDir Path folder) throws IOException {
        Path clip = Files.write(folder.resolve("voice.wav"), TestWorkers.referenceClip());

        VoicePrompt prompt = engine.createPrompt(clip, "Some call me nature.", false);

        assertThat(prompt.model()).isEqualTo(FakeWorker.MODEL);
        assertThat(prompt.formatVersion()).isEqualTo(1);
        assertThat(prompt.size()).isEqualTo(prompt.bytes().length).isGreaterThan(32);
        FakeWorker.Seen sent = worker.requests().getLast();
        assertThat(sent.path()).isEqualTo("/v1/prompts");
        assertThat(sent.header("Content-Type")).startsWith("application/json");
        assertThat(sent.header("Content-Length")).isNotNull();
        assertThat(Base64.getDecoder().decode(sent.body().get("audio").asString()))
                .isEqualTo(TestWorkers.referenceClip());
        assertThat(sent.body().get("transcript").asString()).isEqualTo("Some call me nature.");
        assertThat(sent.body().get("x_vector_only").asBoolean()).isFalse();
    }

    @Test
    void theFirstChunkArrivesBeforeTheLastIsSent() {
        CountDownLatch firstAudio = new CountDownLatch(1);
        worker.holdAfterFirstChunk(firstAudio);
        RecordingListener heard = new RecordingListener(firstAudio);
        String text = "A sentence long enough to need several chunks of audio.";

        SynthesisResult result = engine.synthesize(SynthesisRequest.of(text, "English", prompt()), heard);

        assertThat(worker.gateOpenedInTime()).as("the client saw audio while the worker held back the rest").isTrue();
        short[] expected = FakeWorker.tone(text, 0);
        assertThat(heard.chunks).hasSizeGreaterThan(1);
        assertThat(heard.pcm(0)).isEqualTo(FakeWorker.pcm(expected, 0, expected.length));
        assertThat(result.samples()).isEqualTo(expected.length);
        assertThat(result.itemSamples()).containsExactly((long) expected.length);
        assertThat(heard.start.sampleRate()).isEqualTo(24000);
        assertThat(heard.start.sampleFormat()).isEqualTo("s16le");
    }

    @Test
    void configuredLatencyDelaysTheFirstFrameAndSpacesTheChunks() {
        worker.latency(Duration.ofMillis(200), Duration.ofMillis(30));
        String text = "Forty characters of text, in ten chunks.";
        long[] firstAudioAt = new long[1];
        long started = System.nanoTime();

        engine.synthesize(SynthesisRequest.of(text, "English", prompt()), (item, pcm) -> {
            if (firstAudioAt[0] == 0) {
                firstAudioAt[0] = System.nanoTime();
            }
        });

        long finished = System.nanoTime();
        assertThat(Duration.ofNanos(firstAudioAt[0] - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(Duration.ofNanos(finished - firstAudioAt[0])).isGreaterThanOrEqualTo(Duration.ofMillis(9 * 30));
    }

    @Test
    void batchItemsArriveInRequestOrder() {
        List<String> texts = List.of("First piece of a longer text.", "Second.", "And the third piece, longest of all.");
        RecordingListener heard = new RecordingListener();

        SynthesisResult result = engine.synthesize(
                new SynthesisRequest(texts, "English", prompt(), null, null, null), heard);

        assertThat(heard.itemOrder()).isSorted().contains(0, 1, 2);
        assertThat(heard.done).containsExactly(0, 1, 2);
        for (int item = 0; item < texts.size(); item++) {
            short[] tone = FakeWorker.tone(texts.get(item), item);
            assertThat(heard.pcm(item)).as("item %d", item).isEqualTo(FakeWorker.pcm(tone, 0, tone.length));
            assertThat(result.itemSamples().get(item)).isEqualTo(tone.length);
        }
        assertThat(worker.requests().getLast().body().get("text").isArray()).isTrue();
    }

    @Test
    void requestCarriesOptionsAndLeavesUnsetOnesOut() {
        SynthesisRequest.Sampling sampling = new SynthesisRequest.Sampling(true, 0.8, 40, null, null, null, null,
                null, null);
        SynthesisRequest request = new SynthesisRequest(List.of("Hello there."), "German", prompt(), sampling,
                4_000_000_000L, 300);

        SynthesisResult result = engine.synthesize(request, new RecordingListener());

        JsonNode body = worker.requests().getLast().body();
        assertThat(body.get("text").asString()).isEqualTo("Hello there.");
        assertThat(body.get("language").asString()).isEqualTo("German");
        assertThat(body.get("seed").asLong()).isEqualTo(4_000_000_000L);
        assertThat(body.get("max_new_tokens").asInt()).isEqualTo(300);
        assertThat(body.get("sampling").propertyNames()).containsExactlyInAnyOrder("do_sample", "temperature", "top_k");
        assertThat(result.start().seed()).isEqualTo(4_000_000_000L);

        engine.synthesize(SynthesisRequest.of("Hi.", null, prompt()), new RecordingListener());
        JsonNode defaults = worker.requests().getLast().body();
        assertThat(defaults.propertyNames()).containsExactlyInAnyOrder("text", "language", "prompt", "sampling");
        assertThat(defaults.get("language").asString()).isEqualTo("Auto");
        assertThat(Base64.getDecoder().decode(defaults.get("prompt").asString())).isEqualTo(prompt().bytes());
    }

    @Test
    void unknownFrameTypesAreSkipped() {
        worker.fail(FakeWorker.Fault.UNKNOWN_FRAME);

        SynthesisResult result = engine.synthesize(SynthesisRequest.of("Skip it.", "English", prompt()),
                new RecordingListener());

        assertThat(result.samples()).isEqualTo(FakeWorker.SAMPLES_PER_CHAR * "Skip it.".length());
    }

    @Test
    void bearerTokenIsSent() {
        worker.requireBearer("s3cret");
        WorkerTtsEngine authorized = new WorkerTtsEngine(
                TestWorkers.properties(worker.baseUrl(), "s3cret", null, null));

        authorized.createPrompt(TestWorkers.referenceClip(), "Words.", false);

        assertThat(worker.requests().getLast().header("Authorization")).isEqualTo("Bearer s3cret");
        assertThatThrownBy(() -> engine.createPrompt(TestWorkers.referenceClip(), "Words.", false))
                .isInstanceOfSatisfying(TtsRejectedException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(401);
                    assertThat(e.problem().code()).isEqualTo("unauthorized");
                    assertThat(e.getMessage()).contains("utter.tts.worker.bearer-token");
                });
    }

    @Test
    void modalProxyCredentialsAreSent() {
        worker.requireModal("wk-key");
        WorkerTtsEngine authorized = new WorkerTtsEngine(
                TestWorkers.properties(worker.baseUrl(), null, "wk-key", "ws-secret"));

        assertThat(authorized.health().status()).isEqualTo("ok");

        FakeWorker.Seen sent = worker.requests().getLast();
        assertThat(sent.header("Modal-Key")).isEqualTo("wk-key");
        assertThat(sent.header("Modal-Secret")).isEqualTo("ws-secret");
        assertThat(sent.header("Authorization")).isNull();
        assertThatThrownBy(engine::health).isInstanceOfSatisfying(TtsRejectedException.class, e -> {
            assertThat(e.problem().status()).isEqualTo(401);
            assertThat(e.problem().detail()).contains("missing credentials for proxy authorization");
        });
    }

    @Test
    void refusalsCarryTheWorkersProblemAndAreNotRetried() {
        assertThatThrownBy(() -> engine.createPrompt(TestWorkers.referenceClip(), " ", false))
                .isInstanceOfSatisfying(TtsRejectedException.class, e -> {
                    assertThat(e.problem().status()).isEqualTo(422);
                    assertThat(e.problem().code()).isEqualTo("transcript-required");
                    assertThat(e.problem().properties()).containsEntry("instance", "/v1/prompts");
                });
        assertThat(worker.requests()).hasSize(1);
    }

    @Test
    void withoutABaseUrlEveryCallSaysHowToConfigureIt() {
        WorkerTtsEngine unconfigured = TestWorkers.engine(" ");

        assertThatThrownBy(unconfigured::health).isInstanceOf(TtsNotConfiguredException.class)
                .hasMessage("No speech worker is set up: choose one on the Speech page (/admin/speech), or set "
                        + "utter.tts.worker.base-url (see docs/worker.md).");
        assertThatThrownBy(() -> unconfigured.createPrompt(new byte[1], "x", false))
                .isInstanceOf(TtsNotConfiguredException.class);
        assertThatThrownBy(() -> unconfigured.synthesize(SynthesisRequest.of("x", "English", prompt()),
                new RecordingListener())).isInstanceOf(TtsNotConfiguredException.class);
    }

    private VoicePrompt prompt() {
        return new VoicePrompt(FakeWorker.promptBlob(1, FakeWorker.MODEL, new byte[32]), FakeWorker.MODEL, 1);
    }
}
