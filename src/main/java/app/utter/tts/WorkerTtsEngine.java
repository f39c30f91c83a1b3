package app.utter.tts;

import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;

/**
 * The TTS engine as a client of the Python worker over HTTP (docs/worker-protocol.md, version 1): the worker the
 * configuration names, or else the one the admin set up (a {@link WorkerAddressSource}), asked before every call.
 */
@Component
class WorkerTtsEngine implements TtsEngine {

    static final String STREAM_TYPE = "application/vnd.utter.audio-stream";
    static final String EVENTS_TYPE = "text/event-stream";
    static final String NOTHING_SET_UP = "No speech worker is set up: choose one on the Speech page (/admin/speech), "
            + "or set utter.tts.worker.base-url (see docs/worker.md).";

    private final WorkerProperties properties;
    private final WorkerAddressSource source;
    private final AtomicReference<WorkerHttp> current = new AtomicReference<>(); // one client per address

    @Autowired
    WorkerTtsEngine(WorkerProperties properties, ObjectProvider<WorkerAddressSource> source) {
        this(properties, source.getIfAvailable());
    }

    /** A client of the configured worker only. */
    WorkerTtsEngine(WorkerProperties properties) {
        this(properties, (WorkerAddressSource) null);
    }

    private WorkerTtsEngine(WorkerProperties properties, WorkerAddressSource source) {
        this.properties = properties;
        this.source = properties.configured() ? null : source;
        if (properties.configured()) {
            current.set(new WorkerHttp(properties, properties.address()));
        }
    }

    @Override
    public boolean preparing() {
        return source != null && source.availability() instanceof WorkerAddressSource.Preparing;
    }

    @Override
    public WorkerHealth health() {
        return json(() -> worker().get("health",
                response -> WorkerWire.JSON.readValue(response.getBody(), WorkerHealth.class)));
    }

    @Override
    public VoicePrompt createPrompt(byte[] referenceAudio, String transcript, boolean xVectorOnly) {
        byte[] body = WorkerWire.JSON.writeValueAsBytes(new WorkerWire.PromptBody(
                Base64.getEncoder().encodeToString(referenceAudio), transcript, xVectorOnly));
        WorkerWire.PromptReply reply = json(() -> worker().post("v1/prompts", body, "application/json",
                response -> WorkerWire.JSON.readValue(response.getBody(), WorkerWire.PromptReply.class)));
        return new VoicePrompt(Base64.getDecoder().decode(reply.prompt()), reply.model(), reply.formatVersion());
    }

    @Override
    public SynthesisResult synthesize(SynthesisRequest request, SpeechListener listener) {
        List<String> texts = request.texts();
        byte[] body = WorkerWire.JSON.writeValueAsBytes(new WorkerWire.SynthesizeBody(
                texts.size() == 1 ? texts.getFirst() : texts, request.language(),
                request.prompt() == null ? null : Base64.getEncoder().encodeToString(request.prompt().bytes()),
                request.sampling(), request.seed(), request.maxNewTokens(), request.part(), request.speaker(),
                request.instructions(), request.description()));
        WorkerHttp worker = worker();
        return worker.post("v1/synthesize", body, worker.events() ? EVENTS_TYPE : STREAM_TYPE, response ->
                new SpeechStreamReader(worker.events() ? new EventFrames(response.getBody())
                        : new BinaryFrames(response.getBody()), listener).read());
    }

    @Override
    public Transcript transcribe(byte[] audio, String language, boolean wordTimings) {
        byte[] body = WorkerWire.JSON.writeValueAsBytes(new WorkerWire.TranscriptionBody(
                Base64.getEncoder().encodeToString(audio), language, wordTimings));
        WorkerWire.Heard heard = json(() -> worker().post("v1/transcriptions", body, "application/json",
                response -> WorkerWire.JSON.readValue(response.getBody(), WorkerWire.Heard.class)));
        return new Transcript(heard.text(), heard.language(), heard.detected(), heard.words(), heard.duration());
    }

    @Override
    public List<TimedWord> align(byte[] clip, String text, String language) {
        byte[] body = WorkerWire.JSON.writeValueAsBytes(new WorkerWire.AlignmentBody(
                Base64.getEncoder().encodeToString(clip), text, language));
        WorkerWire.Heard aligned = json(() -> worker().post("v1/alignments", body, "application/json",
                response -> WorkerWire.JSON.readValue(response.getBody(), WorkerWire.Heard.class)));
        return aligned.words() == null ? List.of() : aligned.words();
    }

    private WorkerHttp worker() {
        if (source == null) {
            WorkerHttp fixed = current.get();
            if (fixed == null) {
                throw new TtsNotConfiguredException(NOTHING_SET_UP, false);
            }
            return fixed;
        }
        return switch (source.availability()) {
            case WorkerAddressSource.Ready ready -> current.updateAndGet(http -> http != null
                    && http.address().equals(ready.address()) ? http : new WorkerHttp(properties, ready.address()));
            case WorkerAddressSource.Preparing preparing -> throw new TtsNotConfiguredException(preparing.detail(), true);
            case WorkerAddressSource.Unavailable none -> throw new TtsNotConfiguredException(none.detail(), false);
        };
    }

    /** A 200 whose JSON does not parse is the worker's fault, not the caller's. */
    private static <T> T json(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (JacksonException e) {
            throw new TtsUnavailableException("the TTS worker sent JSON this client cannot read: "
                    + e.getOriginalMessage(), e);
        }
    }
}
