package app.utter.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Speech written to a file piece by piece in one format, for audio too long to hold in memory at once (a whole
 * script, a chapter). The target appears whole at {@link #finish} or not at all.
 */
public final class SpeechSequence implements AutoCloseable {

    private static final int WAV_HEADER = 44;

    private final AudioFormat format;
    private final int sampleRate;
    private final Path target;
    private final Path partial;
    private final FileChannel raw;       // WAV and PCM: samples written as they come
    private final FfmpegWriter encoded;  // every other format
    private long samples;
    private boolean finished;

    SpeechSequence(AudioFormat format, AudioQuality quality, int sampleRate, Path target) throws IOException {
        this.format = format;
        this.sampleRate = sampleRate;
        this.target = target;
        this.partial = Files.createTempFile(target.toAbsolutePath().getParent(), ".", "." + format.extension());
        if (format == AudioFormat.WAV || format == AudioFormat.PCM) {
            raw = FileChannel.open(partial, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            encoded = null;
            if (format == AudioFormat.WAV) {
                raw.write(ByteBuffer.allocate(WAV_HEADER)); // sizes are known at the end
            }
        } else {
            raw = null;
            encoded = FfmpegWriter.opened(EncoderSettings.of(format, quality), sampleRate, partial);
        }
    }

    /** Appends a piece of speech at this sequence's sample rate. */
    public void append(PcmAudio piece) throws IOException {
        if (piece.sampleRate() != sampleRate) {
            throw new IllegalArgumentException("pieces must be " + sampleRate + " Hz, not " + piece.sampleRate());
        }
        write(piece.samples(), piece.samples().length);
    }

    /** Appends {@code length} of silence. */
    public void silence(Duration length) throws IOException {
        long count = length.toNanos() * sampleRate / 1_000_000_000L;
        short[] quiet = new short[sampleRate / 10];
        for (long left = count; left > 0; left -= quiet.length) {
            write(quiet, (int) Math.min(quiet.length, left));
        }
    }

    /** How long the sequence is so far. */
    public Duration duration() {
        return Duration.ofNanos(Math.round(samples * 1e9 / sampleRate));
    }

    /** Completes the file and moves it to the target. */
    public void finish() throws IOException {
        if (raw != null) {
            if (format == AudioFormat.WAV) {
                raw.write(wavHeader(), 0);
            }
            raw.close();
        } else {
            encoded.finish();
            encoded.close();
        }
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        finished = true;
    }

    /** Releases the file; an unfinished one is removed. */
    @Override
    public void close() throws IOException {
        if (!finished) {
            if (raw != null) {
                raw.close();
            } else {
                encoded.close();
            }
            Files.deleteIfExists(partial);
        }
    }

    private void write(short[] piece, int count) throws IOException {
        if (raw != null) {
            ByteBuffer bytes = ByteBuffer.allocate(count * 2).order(ByteOrder.LITTLE_ENDIAN);
            bytes.asShortBuffer().put(piece, 0, count);
            while (bytes.hasRemaining()) {
                raw.write(bytes);
            }
        } else {
            encoded.append(piece, 0, count);
        }
        samples += count;
    }

    private ByteBuffer wavHeader() {
        long dataBytes = samples * 2;
        if (dataBytes > 0xFFFF_FFFFL - 36) {
            throw new IllegalStateException("a WAV file holds at most 4 GB of audio");
        }
        ByteBuffer header = ByteBuffer.allocate(WAV_HEADER).order(ByteOrder.LITTLE_ENDIAN);
        header.put(ascii("RIFF")).putInt((int) (36 + dataBytes)).put(ascii("WAVE"))
                .put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16)
                .put(ascii("data")).putInt((int) dataBytes);
        return header.flip();
    }

    private static byte[] ascii(String tag) {
        return tag.getBytes(StandardCharsets.US_ASCII);
    }
}
