package app.utter.openai;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.bytedeco.ffmpeg.global.avfilter;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import app.utter.accounts.Owner;
import app.utter.audio.AudioFormat;
import app.utter.audio.PcmAudio;
import app.utter.audio.TempoFilter;
import app.utter.audio.SpeechEncoder;
import app.utter.generation.Generation;
import app.utter.generation.Generations;
import app.utter.web.ApiProblem;

/**
 * Speaks a generation into a speech output: PCM and WAV piece by piece as its chunks are synthesized, the other
 * formats whole once it is done. A client that leaves cancels the generation.
 */
@Component
class SpeechStreamer {

    private static final Logger log = LoggerFactory.getLogger(SpeechStreamer.class);
    private static final int SAMPLE_RATE = 24_000;
    private static final int SEND_SIZE = 64 * 1024; // an encoded file goes out in pieces this big

    private final Generations generations;
    private final GenerationAudio audio;
    private final SpeechEncoder encoder;

    SpeechStreamer(Generations generations, GenerationAudio audio, SpeechEncoder encoder) {
        Loader.load(avfilter.class); // load FFmpeg's filters at startup, not during the first request with a speed
        this.generations = generations;
        this.audio = audio;
        this.encoder = encoder;
    }

    /** Sends the audio of {@code generation}, which already has a first chunk (PCM, WAV) or succeeded (the rest). */
    void stream(Owner owner, Generation generation, SpeechSettings settings, SpeechOutput output) {
        try {
            boolean whole = settings.streamsPcm() ? streamPcm(owner, generation, settings, output)
                    : sendEncoded(owner, generation, settings, output);
            if (whole) {
                output.done(generation.text().length());
            } else {
                String error = generations.get(owner, generation.id()).error();
                output.failed(error != null ? error : "The generation was cancelled before it finished.");
            }
        } catch (IOException | IllegalStateException | ApiProblem ended) {
            log.info("Speech for generation {} ended early: {}", generation.id(), ended.toString());
            cancel(owner, generation.id());
            output.failed("The speech stream broke off.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel(owner, generation.id());
            output.failed("The server is shutting down.");
        }
    }

    private boolean streamPcm(Owner owner, Generation generation, SpeechSettings settings, SpeechOutput output)
            throws IOException, InterruptedException {
        if (settings.format() == AudioFormat.WAV) {
            output.audio(openWavHeader());
        }
        if (settings.speed() == 1.0) {
            return audio.follow(owner, generation, piece -> output.audio(littleEndian(piece)));
        }
        try (TempoFilter tempo = new TempoFilter(settings.speed())) {
            boolean whole = audio.follow(owner, generation, piece -> output.audio(littleEndian(tempo.apply(piece))));
            output.audio(littleEndian(tempo.finish()));
            return whole;
        }
    }

    private boolean sendEncoded(Owner owner, Generation generation, SpeechSettings settings, SpeechOutput output) throws IOException {
        byte[] encoded;
        if (settings.speed() == 1.0) {
            try (InputStream in = generations.audio(owner, generation.id(), settings.format()).getInputStream()) {
                encoded = in.readAllBytes();
            }
        } else {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            PcmAudio stitched = GenerationAudio.read(generations.audio(owner, generation.id(), AudioFormat.WAV));
            encoder.encode(TempoFilter.change(stitched, settings.speed()), settings.format(), out);
            encoded = out.toByteArray();
        }
        for (int at = 0; at < encoded.length; at += SEND_SIZE) {
            output.audio(Arrays.copyOfRange(encoded, at, Math.min(encoded.length, at + SEND_SIZE)));
        }
        return true;
    }

    private void cancel(Owner owner, String id) {
        try {
            generations.cancel(owner, id);
        } catch (ApiProblem finishedOrGone) {
            // nothing left to stop
        }
    }

    /** A WAV header for audio of unknown length: sizes at their maximum, as OpenAI's streamed WAV has them. */
    static byte[] openWavHeader() {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(-1).put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(-1);
        return header.array();
    }

    private static byte[] littleEndian(PcmAudio audio) {
        ByteBuffer bytes = ByteBuffer.allocate(audio.samples().length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(audio.samples());
        return bytes.array();
    }
}
