package app.utter.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Finds chunks of a RIFF/WAVE file by reading chunk headers only, never the samples. */
final class RiffChunks {

    /** Where a chunk's payload starts and how many bytes its header declares (the file may hold fewer). */
    record Chunk(long offset, long size) {}

    private static final int MAX_CHUNKS = 64; // real WAVs hold a handful; stop early on garbage

    private RiffChunks() {}

    static Optional<Chunk> find(FileChannel file, String id) throws IOException {
        ByteBuffer header = readAt(file, 0, 12);
        if (header.limit() < 12 || !tag(header, 0).equals("RIFF") || !tag(header, 8).equals("WAVE")) {
            return Optional.empty();
        }
        long position = 12;
        for (int i = 0; i < MAX_CHUNKS; i++) {
            ByteBuffer chunk = readAt(file, position, 8);
            if (chunk.limit() < 8) {
                break;
            }
            long size = Integer.toUnsignedLong(chunk.getInt(4));
            if (tag(chunk, 0).equals(id)) {
                return Optional.of(new Chunk(position + 8, size));
            }
            position += 8 + size + (size & 1);
        }
        return Optional.empty();
    }

    /** Reads up to {@code length} bytes at {@code position}; the limit tells how many there were. */
    static ByteBuffer readAt(FileChannel file, long position, int length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        int read;
        do { // positional reads may return short counts: keep going until full or at the end of the file
            read = file.read(bytes, position + bytes.position());
        } while (read > 0 && bytes.hasRemaining());
        return bytes.flip();
    }

    private static String tag(ByteBuffer bytes, int at) {
        byte[] four = new byte[4];
        bytes.get(at, four);
        return new String(four, StandardCharsets.US_ASCII);
    }
}
