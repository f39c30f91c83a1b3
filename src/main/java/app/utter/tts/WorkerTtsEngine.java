package app.utter.tts;

import java.util.Base64;
import java.util.List;

import org.springframework.stereotype.Component;

import tools.jackson.core.JacksonException;

/** The TTS engine as a client of the Python worker over HTTP (docs/worker-protocol.md, version 1). */
@Component
class WorkerTtsEngine implements TtsEngine {

    static final String STREAM_TYPE = "application/vnd.utter.audio-stream";
    static final String EVENTS_TYPE = "text/event-stream";

    private final WorkerHttp http;
    private final boolean events;

    WorkerTtsEngine(WorkerProperties properties) {
        this.http = properties.configured() ? new WorkerHttp(properties) : null;
        this.events = properties.configured() && properties.streamsAsEvents();
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
                Base64.getEncoder().encodeToString(request.prompt().bytes()), request.sampling(), request.seed(),
                request.maxNewTokens(), request.part()));
        return worker().post("v1/synthesize", body, events ? EVENTS_TYPE : STREAM_TYPE, response -> new SpeechStreamReader(
                events ? new EventFrames(response.getBody()) : new BinaryFrames(response.getBody()), listener).read());
    }

    private WorkerHttp worker() {
        if (http == null) {
            throw new TtsNotConfiguredException();
        }
        return http;
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
