package app.utter.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.Loader;
import org.springframework.stereotype.Component;

/** Encodes generated speech (mono 16-bit PCM) in each {@link AudioFormat}; safe to use from many threads at once. */
@Component
public class SpeechEncoder {

    public SpeechEncoder() {
        Loader.load(avformat.class); // load FFmpeg's native libraries at startup, not during the first encode
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // else every M4A logs its second pass and AAC's Qavg
    }

    /** Writes {@code audio} to {@code target} in {@code format}; the target appears whole or not at all. */
    public void encode(PcmAudio audio, AudioFormat format, Path target) throws IOException {
        encode(audio, format, AudioQuality.STANDARD, target);
    }

    /** As {@link #encode(PcmAudio, AudioFormat, Path)}, at a bit rate of this quality. */
    public void encode(PcmAudio audio, AudioFormat format, AudioQuality quality, Path target) throws IOException {
        if (format == AudioFormat.WAV) {
            audio.writeWav(target);
            return;
        }
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), ".", "." + format.extension());
        try {
            if (format == AudioFormat.PCM) {
                Files.write(partial, littleEndian(audio.samples()));
            } else {
                FfmpegWriter.write(audio, EncoderSettings.of(format, quality), partial);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** A file at {@code target} to write in {@code format} piece by piece, for speech too long to hold at once. */
    public SpeechSequence sequence(AudioFormat format, AudioQuality quality, int sampleRate, Path target)
            throws IOException {
        return new SpeechSequence(format, quality, sampleRate, target);
    }

    /** Writes {@code audio} in {@code format} to {@code out} (through a temporary file: muxers seek back). */
    public void encode(PcmAudio audio, AudioFormat format, OutputStream out) throws IOException {
        Path file = Files.createTempFile("utter-speech-", "." + format.extension());
        try {
            encode(audio, format, file);
            Files.copy(file, out);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static byte[] littleEndian(short[] samples) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asShortBuffer().put(samples);
        return bytes.array();
    }
}
