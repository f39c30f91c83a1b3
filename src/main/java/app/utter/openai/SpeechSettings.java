package app.utter.openai;

import java.util.LinkedHashMap;
import java.util.Map;

import app.utter.audio.AudioFormat;
import app.utter.web.ApiProblem;

/** A speech request's options, checked: the audio format, the speed, and whether to answer with events. */
record SpeechSettings(AudioFormat format, double speed, boolean events) {

    static final double MIN_SPEED = 0.25;
    static final double MAX_SPEED = 4.0;

    /** The request's settings; every field that needs fixing is named in one 400 problem. */
    static SpeechSettings of(SpeechRequest request) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (request.voice() == null || request.voice().isNull()) {
            errors.put("voice", "Name a voice: the id or the name of one of your voices.");
        }
        AudioFormat format = request.responseFormat() == null ? AudioFormat.MP3
                : AudioFormat.named(request.responseFormat()).orElse(null);
        if (format == null) {
            errors.put("response_format", "'" + request.responseFormat()
                    + "' is not a format Utter speaks; use mp3, opus, aac, flac, wav or pcm.");
        }
        double speed = request.speed() == null ? 1.0 : request.speed();
        if (Double.isNaN(speed) || speed < MIN_SPEED || speed > MAX_SPEED) {
            errors.put("speed", "Use a speed from " + MIN_SPEED + " to " + MAX_SPEED + "; 1.0 is the voice's own pace.");
        }
        String stream = request.streamFormat() == null ? "audio" : request.streamFormat();
        if (!stream.equals("audio") && !stream.equals("sse")) {
            errors.put("stream_format", "Use stream_format audio (the audio bytes) or sse (server-sent events).");
        }
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidFields("invalid-speech-request", errors);
        }
        return new SpeechSettings(format, speed, stream.equals("sse"));
    }

    /** Whether the audio can go out chunk by chunk as it is synthesized: raw PCM, and WAV with an open length. */
    boolean streamsPcm() {
        return format == AudioFormat.PCM || format == AudioFormat.WAV;
    }
}
