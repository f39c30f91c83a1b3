package app.utter.tts;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Arrays;

import app.utter.tts.StreamFrames.Frame;

/**
 * Reads the worker's speech stream (docs/worker-protocol.md, "Stream framing") frame by frame, handing
 * audio to the listener as it arrives, and checks the stream is whole: S first, items in order, each D's
 * count matching the audio received, and a final Z. Anything else is a failure, never a silently short clip.
 */
final class SpeechStreamReader {

    private final StreamFrames in;
    private final SpeechListener listener;

    SpeechStreamReader(StreamFrames frames, SpeechListener listener) {
        this.in = frames;
        this.listener = listener;
    }

    SynthesisResult read() {
        try (in) {
            Frame first = in.next();
            if (first == null || first.type() != 'S') {
                throw malformed("the stream did not begin with a start frame");
            }
            StreamStart start = WorkerWire.JSON.readValue(first.payload(), StreamStart.class);
            listener.started(start);
            return body(start);
        } catch (SocketTimeoutException e) {
            throw new TtsUnavailableException("the TTS worker stopped sending audio mid-stream (read timed out)", e);
        } catch (IOException e) {
            throw new TtsUnavailableException("the connection to the TTS worker dropped mid-stream: " + e.getMessage(), e);
        }
    }

    private SynthesisResult body(StreamStart start) throws IOException {
        long[] samples = new long[start.items()];
        int item = 0;
        while (true) {
            Frame frame = in.next();
            if (frame == null) {
                throw new TtsUnavailableException("the TTS worker's stream ended without its end frame (cut short)", null);
            }
            switch (frame.type()) {
                case 'A' -> {
                    expectItem(frame, item, samples.length);
                    if (frame.payload().length == 0 || frame.payload().length % 2 != 0) {
                        throw malformed("an audio frame of " + frame.payload().length + " bytes");
                    }
                    samples[item] += frame.payload().length / 2;
                    listener.audio(item, frame.payload());
                }
                case 'D' -> {
                    expectItem(frame, item, samples.length);
                    long done = WorkerWire.JSON.readValue(frame.payload(), WorkerWire.ItemDone.class).samples();
                    if (done != samples[item]) {
                        throw malformed("item " + item + " announced " + done + " samples but carried " + samples[item]);
                    }
                    listener.itemDone(item++, done);
                }
                case 'E' -> throw new SynthesisFailedException(WorkerWire.problem(500, frame.payload()));
                case 'Z' -> {
                    WorkerWire.End end = WorkerWire.JSON.readValue(frame.payload(), WorkerWire.End.class);
                    long total = Arrays.stream(samples).sum();
                    if (item != samples.length || end.items() != samples.length || end.samples() != total) {
                        throw malformed("the end frame came after " + item + " of " + samples.length + " items");
                    }
                    return new SynthesisResult(start, Arrays.stream(samples).boxed().toList(), total,
                            end.elapsedMs() == null ? null : Duration.ofNanos(Math.round(end.elapsedMs() * 1e6)));
                }
                default -> throw malformed("a second start frame");
            }
        }
    }

    private static void expectItem(Frame frame, int item, int items) {
        if (frame.item() != item || item >= items) {
            throw malformed("a '" + frame.type() + "' frame for item " + frame.item() + " while item " + item
                    + " of " + items + " was expected");
        }
    }

    static TtsUnavailableException malformed(String what) {
        return new TtsUnavailableException("the TTS worker sent a malformed stream: " + what, null);
    }
}
