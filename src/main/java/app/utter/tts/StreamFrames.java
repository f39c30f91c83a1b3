package app.utter.tts;

import java.io.IOException;

/**
 * The frames of a worker's speech stream, one at a time, whichever way they travel: binary frames, or the same
 * frames as server-sent events (docs/worker-protocol.md, "Stream framing").
 */
interface StreamFrames extends AutoCloseable {

    /** Item index of a frame that belongs to no item (an error frame). */
    int NO_ITEM = 0xFFFF;

    /** A frame: S start, A audio (16-bit PCM), D item done, E error, Z end; JSON payloads except for audio. */
    record Frame(char type, int item, byte[] payload) {
    }

    /** The next frame of a known type, skipping unknown ones as the protocol asks; null at a clean end. */
    Frame next() throws IOException;

    @Override
    void close() throws IOException;
}
