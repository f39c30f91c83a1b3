package app.utter.support;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The real speech clips in the repository's fixtures/audio, and broken files made from them. */
public final class AudioFixtures {

    public static final Path DIR = Path.of("fixtures", "audio").toAbsolutePath().normalize();

    /** Clip, language and transcript of every fixture long enough to be a voice. */
    public record Clip(String file, String language, String transcript, double seconds) {
        public Path path() {
            return DIR.resolve(file);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private static final String LJ1 = "Printing, in the only sense with which we are at present concerned, differs from "
            + "most if not from all the arts and crafts represented in the Exhibition";
    private static final String LJ3 = "For although the Chinese took impressions from wood blocks engraved in relief for "
            + "centuries before the woodcutters of the Netherlands, by a similar process";
    private static final String NATURE = "Some call me nature, others call me mother nature.";

    public static final Clip TAIYI = new Clip("taiyi-zh.wav", "Chinese", "对，这就是我，万人敬仰的太乙真人。", 6.76);
    public static final Clip TOO_SHORT = new Clip("LJ001-0002.wav", "English", "in being comparatively modern.", 1.90);

    public static List<Clip> voiceClips() {
        return List.of(
                new Clip("LJ001-0001.wav", "English", LJ1, 9.66),
                new Clip("LJ001-0001.mp3", "English", LJ1, 9.72),
                new Clip("LJ001-0001.flac", "English", LJ1, 9.66),
                new Clip("LJ001-0003.wav", "English", LJ3, 9.67),
                new Clip("LJ001-0003.webm", "English", LJ3, 9.67),
                new Clip("LJ001-0003.m4a", "English", LJ3, 9.67),
                new Clip("apollo11-one-small-step.wav", "English",
                        "That's one small step for man, one giant leap for mankind.", 12.98),
                new Clip("nature-en.wav", "English", NATURE, 5.33),
                new Clip("nature-en.ogg", "English", NATURE, 5.34),
                TAIYI);
    }

    private AudioFixtures() {
    }

    /** The first half of a WAV file, as an interrupted download leaves it. */
    public static Path truncatedWav(Path folder) throws IOException {
        byte[] whole = Files.readAllBytes(DIR.resolve("LJ001-0001.wav"));
        return Files.write(folder.resolve("truncated.wav"), Arrays.copyOf(whole, whole.length / 2));
    }

    /** A real short WAV whose RIFF and data sizes claim ten hours of audio. */
    public static Path wavClaimingTenHours(Path folder) throws IOException {
        byte[] bytes = Files.readAllBytes(DIR.resolve("LJ001-0002.wav"));
        ByteBuffer wav = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long claimed = 10L * 3600 * 22_050 * 2;
        int offset = 12;
        while (offset + 8 <= bytes.length) {
            String id = new String(bytes, offset, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = wav.getInt(offset + 4);
            if (id.equals("data")) {
                wav.putInt(offset + 4, (int) claimed);
                wav.putInt(4, (int) (claimed + offset + 8 - 8));
                return Files.write(folder.resolve("ten-hours.wav"), bytes);
            }
            offset += 8 + size + (size & 1);
        }
        throw new IllegalStateException("No data chunk in the fixture");
    }

    public static Path textFileNamedWav(Path folder) throws IOException {
        return Files.writeString(folder.resolve("notes.wav"), "This is a shopping list, not a recording.\nmilk\neggs\n");
    }

    public static Path emptyFile(Path folder) throws IOException {
        return Files.write(folder.resolve("empty.wav"), new byte[0]);
    }

    /** 25 MB: over the 20 MB upload limit. */
    public static Path oversizedFile(Path folder) throws IOException {
        byte[] bytes = new byte[25 * 1024 * 1024];
        new java.util.Random(7).nextBytes(bytes);
        return Files.write(folder.resolve("huge.wav"), bytes);
    }

    /** Reads the format fields of a canonical WAV file: sample rate, channels, bits per sample, data bytes. */
    public record WavFormat(int sampleRate, int channels, int bitsPerSample, long dataBytes) {
        public double seconds() {
            return dataBytes / (double) (sampleRate * channels * bitsPerSample / 8);
        }
    }

    public static WavFormat wavFormat(byte[] bytes) {
        ByteBuffer wav = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (!new String(bytes, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("RIFF")) {
            throw new IllegalArgumentException("Not a RIFF file");
        }
        int channels = 0, rate = 0, bits = 0;
        int offset = 12;
        while (offset + 8 <= bytes.length) {
            String id = new String(bytes, offset, 4, java.nio.charset.StandardCharsets.US_ASCII);
            int size = wav.getInt(offset + 4);
            if (id.equals("fmt ")) {
                channels = wav.getShort(offset + 10);
                rate = wav.getInt(offset + 12);
                bits = wav.getShort(offset + 22);
            } else if (id.equals("data")) {
                return new WavFormat(rate, channels, bits, Integer.toUnsignedLong(size));
            }
            offset += 8 + size + (size & 1);
        }
        throw new IllegalArgumentException("No data chunk");
    }
}
