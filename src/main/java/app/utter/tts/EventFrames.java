package app.utter.tts;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Frames sent as server-sent events (text/event-stream), the form proxies such as Modal's pass on as they are
 * written: an event named start, audio, done, error or end, whose data is the frame's JSON with its item in
 * {@code item} (audio: the PCM in {@code pcm}, base64).
 */
final class EventFrames implements StreamFrames {

    private static final Map<String, Character> TYPES = Map.of("start", 'S', "audio", 'A', "done", 'D', "error", 'E',
            "end", 'Z');

    private final BufferedReader in;

    EventFrames(InputStream body) {
        this.in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
    }

    @Override
    public Frame next() throws IOException {
        String event = null;
        StringBuilder data = new StringBuilder();
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.isEmpty()) {
                Character type = event == null ? null : TYPES.get(event);
                if (type != null) {
                    return frame(type, data.toString());
                }
                event = null; // an unknown event, or a comment block: skipped
                data.setLength(0);
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                data.append(data.isEmpty() ? "" : "\n").append(line.substring(5).stripLeading());
            }
        }
        if (event != null) {
            throw new IOException("the event stream ended inside an event");
        }
        return null;
    }

    private static Frame frame(char type, String data) {
        JsonNode json = WorkerWire.JSON.readTree(data);
        if (!(json instanceof ObjectNode members)) {
            throw SpeechStreamReader.malformed("an event whose data is not a JSON object");
        }
        int item = members.has("item") ? members.remove("item").asInt() : type == 'E' ? NO_ITEM : 0;
        if (type == 'A') {
            return new Frame(type, item, Base64.getDecoder().decode(members.path("pcm").asString("")));
        }
        return new Frame(type, item, WorkerWire.JSON.writeValueAsBytes(members));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
