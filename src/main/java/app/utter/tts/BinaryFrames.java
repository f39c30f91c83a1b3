package app.utter.tts;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Frames of application/vnd.utter.audio-stream: an 8-byte header (type, flags, item, length), then the payload. */
final class BinaryFrames implements StreamFrames {

    private static final int MAX_FRAME = 64 * 1024 * 1024;

    private final DataInputStream in;

    BinaryFrames(InputStream body) {
        this.in = new DataInputStream(new BufferedInputStream(body)); // audio payloads are read past the buffer
    }

    @Override
    public Frame next() throws IOException {
        while (true) {
            int type = in.read();
            if (type < 0) {
                return null;
            }
            in.readUnsignedByte();
            int item = in.readUnsignedShort();
            long length = Integer.toUnsignedLong(in.readInt());
            if ("SADEZ".indexOf(type) < 0) {
                in.skipNBytes(length);
                continue;
            }
            if (length > MAX_FRAME) {
                throw SpeechStreamReader.malformed("a frame of " + length + " bytes");
            }
            byte[] payload = new byte[(int) length];
            in.readFully(payload);
            return new Frame((char) type, item, payload);
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
