package app.utter.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

/** Mono 16-bit PCM in memory: what the importer writes, and how the rest of Utter reads those WAVs back. */
public record PcmAudio(int sampleRate, short[] samples) {

    private static final double FULL_SCALE = 32768.0;

    public Duration duration() {
        return Duration.ofNanos(Math.round(samples.length * 1e9 / sampleRate));
    }

    /** Level of the loudest sample, dB relative to full scale ({@code -Infinity} for digital silence). */
    public double peakDbfs() {
        int peak = 0;
        for (short sample : samples) {
            peak = Math.max(peak, Math.abs(sample));
        }
        return 20 * Math.log10(peak / FULL_SCALE);
    }

    /** RMS level, dB relative to full scale ({@code -Infinity} for digital silence). */
    public double rmsDbfs() {
        double sumOfSquares = 0;
        for (short sample : samples) {
            sumOfSquares += (double) sample * sample;
        }
        return 10 * Math.log10(sumOfSquares / Math.max(1, samples.length) / (FULL_SCALE * FULL_SCALE));
    }

    /** Reads a mono 16-bit PCM WAV such as {@link #writeWav} writes; other chunks are skipped. */
    /** Audio from signed 16-bit little-endian mono PCM bytes, as the worker streams it. */
    public static PcmAudio ofLittleEndian(int sampleRate, byte[] pcm) {
        short[] samples = new short[pcm.length / 2];
        java.nio.ByteBuffer.wrap(pcm).order(java.nio.ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return new PcmAudio(sampleRate, samples);
    }

    public static PcmAudio readWav(Path wav) throws IOException {
        try (FileChannel file = FileChannel.open(wav)) {
            RiffChunks.Chunk format = RiffChunks.find(file, "fmt ")
                    .orElseThrow(() -> new IOException(wav + " is not a WAV file"));
            ByteBuffer fmt = RiffChunks.readAt(file, format.offset(), 16);
            if (fmt.limit() < 16 || fmt.getShort(0) != 1 || fmt.getShort(2) != 1 || fmt.getShort(14) != 16) {
                throw new IOException(wav + " is not mono 16-bit PCM");
            }
            RiffChunks.Chunk data = RiffChunks.find(file, "data")
                    .orElseThrow(() -> new IOException(wav + " has no data chunk"));
            long present = Math.min(data.size(), file.size() - data.offset());
            if (present > Integer.MAX_VALUE) {
                throw new IOException(wav + " is too large to hold in memory");
            }
            ByteBuffer pcm = RiffChunks.readAt(file, data.offset(), (int) present & ~1);
            short[] samples = new short[pcm.limit() / 2];
            pcm.asShortBuffer().get(samples);
            return new PcmAudio(fmt.getInt(4), samples);
        }
    }

    /** Reads such a WAV from a stream, e.g. a stored blob; the stream is read to the end but not closed. */
    public static PcmAudio readWav(InputStream wav) throws IOException {
        Path file = Files.createTempFile("utter-wav-", ".wav");
        try {
            Files.copy(wav, file, StandardCopyOption.REPLACE_EXISTING);
            return readWav(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /**
     * Samples {@code from} (inclusive) to {@code to} (exclusive) of a mono 16-bit PCM WAV read from a stream, without
     * holding the rest: for a part of a long stored clip. Fewer if the clip ends sooner.
     */
    public static PcmAudio readWavRange(InputStream wav, int from, int to) throws IOException {
        InputStream in = new BufferedInputStream(wav);
        byte[] riff = in.readNBytes(12);
        if (riff.length < 12 || !new String(riff, 0, 4, StandardCharsets.US_ASCII).equals("RIFF")) {
            throw new IOException("not a WAV file");
        }
        int sampleRate = 0;
        while (true) {
            byte[] header = in.readNBytes(8);
            if (header.length < 8) {
                throw new IOException("the WAV file has no data chunk");
            }
            String id = new String(header, 0, 4, StandardCharsets.US_ASCII);
            long size = Integer.toUnsignedLong(ByteBuffer.wrap(header, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
            if (id.equals("fmt ")) {
                ByteBuffer fmt = ByteBuffer.wrap(in.readNBytes((int) size)).order(ByteOrder.LITTLE_ENDIAN);
                sampleRate = fmt.getInt(4);
            } else if (id.equals("data")) {
                in.skipNBytes(2L * from);
                byte[] pcm = in.readNBytes((int) Math.max(0, Math.min(to - from, size / 2 - from)) * 2);
                short[] samples = new short[pcm.length / 2];
                ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
                return new PcmAudio(sampleRate, samples);
            } else {
                in.skipNBytes(size + (size & 1));
            }
        }
    }

    /** Samples {@code from} (inclusive) to {@code to} (exclusive), clamped to the audio. */
    public PcmAudio slice(int from, int to) {
        int start = Math.clamp(from, 0, samples.length);
        return new PcmAudio(sampleRate, java.util.Arrays.copyOfRange(samples, start, Math.clamp(to, start, samples.length)));
    }

    /** The audio as a WAV file with the canonical 44-byte header. */
    public byte[] toWav() {
        int dataBytes = samples.length * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put(ascii("RIFF")).putInt(36 + dataBytes).put(ascii("WAVE"))
                .put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16)
                .put(ascii("data")).putInt(dataBytes);
        wav.asShortBuffer().put(samples);
        return wav.array();
    }

    /** Writes {@link #toWav()}; the target appears whole or not at all. */
    public void writeWav(Path target) throws IOException {
        Path partial = Files.createTempFile(target.toAbsolutePath().getParent(), ".", ".wav.part");
        try {
            Files.write(partial, toWav());
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static byte[] ascii(String tag) {
        return tag.getBytes(StandardCharsets.US_ASCII);
    }
}
