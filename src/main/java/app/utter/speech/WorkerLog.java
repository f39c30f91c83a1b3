package app.utter.speech;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** The local worker's log: what installing, downloading and serving printed, one file the admin can read. */
final class WorkerLog {

    private static final int TAIL_BYTES = 64 * 1024;

    private final Path file;

    WorkerLog(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Appends a line of the app's own, so that the log tells what was run and when. */
    void note(String line) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, "== " + Instant.now() + " " + line + "\n", StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            // the log is for people; a full disk shows elsewhere
        }
    }

    /** The last 64 KB, from a line's start. */
    String tail() {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, in.length() - TAIL_BYTES);
            byte[] bytes = new byte[(int) (in.length() - start)];
            in.seek(start);
            in.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            return start == 0 ? text : text.substring(text.indexOf('\n') + 1);
        } catch (IOException e) {
            return "The log cannot be read: " + e.getMessage();
        }
    }
}
