package app.utter.audio;

import static app.utter.audio.UnusableAudioException.Reason.CORRUPT;
import static app.utter.audio.UnusableAudioException.Reason.EMPTY;
import static app.utter.audio.UnusableAudioException.Reason.NOT_AUDIO;
import static app.utter.audio.UnusableAudioException.Reason.SILENT;
import static app.utter.audio.UnusableAudioException.Reason.TOO_LONG;
import static app.utter.audio.UnusableAudioException.Reason.TRUNCATED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnusableUploadTest {

    private final ReferenceAudioImporter importer = new ReferenceAudioImporter();

    @TempDir
    Path dir;

    @Test
    void zeroBytesAreEmpty() throws Exception {
        assertThat(rejected(Files.createFile(dir.resolve("upload.wav"))).reason()).isEqualTo(EMPTY);
    }

    @Test
    void textNamedWavIsNotAudio() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.wav"), "Please read this sentence aloud.\n".repeat(200));

        assertThat(rejected(text).reason()).isEqualTo(NOT_AUDIO);
    }

    @Test
    void videoWithoutSoundIsNotAudio() throws Exception {
        byte[] header = "YUV4MPEG2 W16 H16 F25:1 Ip A1:1 C420jpeg\n".getBytes(StandardCharsets.US_ASCII);
        byte[] frame = "FRAME\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer video = ByteBuffer.allocate(header.length + 5 * (frame.length + 16 * 16 * 3 / 2)).put(header);
        for (int i = 0; i < 5; i++) {
            video.put(frame).put(new byte[16 * 16 * 3 / 2]);
        }

        UnusableAudioException rejection = rejected(Files.write(dir.resolve("clip.y4m"), video.array()));

        assertThat(rejection.reason()).isEqualTo(NOT_AUDIO);
        assertThat(rejection.getMessage()).contains("no audio track");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 42, 1234})
    void randomBytesAreNotAudioOrCorrupt(int seed) throws Exception {
        byte[] noise = new byte[64 * 1024];
        new Random(seed).nextBytes(noise);

        assertThat(rejected(Files.write(dir.resolve("upload.wav"), noise)).reason()).isIn(NOT_AUDIO, CORRUPT);
    }

    @Test
    void wavCutToHalfItsDataIsTruncated() throws Exception {
        long dataBytes = Files.size(Fixtures.clip("LJ001-0001.wav")) - 44;

        UnusableAudioException rejection = rejected(firstBytesOf("LJ001-0001.wav", 44 + dataBytes / 2));

        assertThat(rejection.reason()).isEqualTo(TRUNCATED);
        assertThat(rejection.getMessage()).contains("promises 9.7 s", "only 4.8 s");
    }

    @Test
    void mp3CutInHalfIsTruncated() throws Exception {
        UnusableAudioException rejection = rejected(firstBytesOf("LJ001-0001.mp3", 0.5));

        assertThat(rejection.reason()).isEqualTo(TRUNCATED);
    }

    @Test
    void m4aCutInHalfIsCorrupt() throws Exception {
        UnusableAudioException rejection = rejected(firstBytesOf("LJ001-0003.m4a", 0.5));

        assertThat(rejection.reason()).isEqualTo(CORRUPT); // its index sits at the end, so nothing is left to decode
        assertThat(rejection.getMessage()).contains("damaged or incomplete");
    }

    @Test
    void wavWhoseHeaderClaimsTenHoursIsTooLongAtOnce() throws Exception {
        byte[] bytes = Files.readAllBytes(Fixtures.clip("nature-en.wav"));
        ByteBuffer wav = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int tenHoursOfData = 10 * 3600 * 24_000 * 2;
        wav.putInt(4, 36 + tenHoursOfData).putInt(40, tenHoursOfData);
        Path liar = Files.write(dir.resolve("liar.wav"), wav.array());

        long started = System.nanoTime();
        UnusableAudioException rejection = rejected(liar);
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(rejection.reason()).isEqualTo(TOO_LONG);
        assertThat(rejection.getMessage()).contains("says it holds 10 h 0 min", "at most 60 s");
        assertThat(millis).isLessThan(250);
    }

    @Test
    void seventySecondsOfSpeechAreTooLong() throws Exception {
        Path longWav = dir.resolve("long.wav");
        seventySecondsOfSpeech().writeWav(longWav);

        UnusableAudioException rejection = rejected(longWav);

        assertThat(rejection.reason()).isEqualTo(TOO_LONG);
        assertThat(rejection.getMessage()).contains("says it holds 70 s", "at most 60 s");
    }

    @Test
    void seventySecondsWithUnknownLengthStopDecodingAtTheLimit() throws Exception {
        Path streamed = dir.resolve("streamed.wav");
        seventySecondsOfSpeech().writeWav(streamed);
        byte[] wav = Files.readAllBytes(streamed);
        ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN).putInt(4, -1).putInt(40, -1); // as live recorders write
        Files.write(streamed, wav);

        UnusableAudioException rejection = rejected(streamed);

        assertThat(rejection.reason()).isEqualTo(TOO_LONG);
        assertThat(rejection.getMessage()).contains("longer than 60 s");
    }

    @Test
    void digitalSilenceIsSilent() throws Exception {
        Path silence = dir.resolve("silence.wav");
        new PcmAudio(24_000, new short[24_000 * 5]).writeWav(silence);

        assertThat(rejected(silence).reason()).isEqualTo(SILENT);
    }

    @Test
    void faintHissIsSilent() throws Exception {
        short[] hiss = new short[24_000 * 5];
        Random random = new Random(7);
        for (int i = 0; i < hiss.length; i++) {
            hiss[i] = (short) (random.nextInt(11) - 5); // about -76 dBFS at its loudest
        }
        Path faint = dir.resolve("faint.wav");
        new PcmAudio(24_000, hiss).writeWav(faint);

        UnusableAudioException rejection = rejected(faint);

        assertThat(rejection.reason()).isEqualTo(SILENT);
        assertThat(rejection.getMessage()).contains("dBFS");
    }

    private static PcmAudio seventySecondsOfSpeech() throws Exception {
        PcmAudio speech = PcmAudio.readWav(Fixtures.clip("LJ001-0001.wav"));
        short[] samples = new short[speech.sampleRate() * 70];
        for (int at = 0; at < samples.length; at += speech.samples().length) {
            System.arraycopy(speech.samples(), 0, samples, at, Math.min(speech.samples().length, samples.length - at));
        }
        return new PcmAudio(speech.sampleRate(), samples);
    }

    private Path firstBytesOf(String fixture, double fraction) throws Exception {
        return firstBytesOf(fixture, (long) (Files.size(Fixtures.clip(fixture)) * fraction));
    }

    /** A copy of the fixture cut off after {@code count} bytes, as an interrupted upload leaves it. */
    private Path firstBytesOf(String fixture, long count) throws Exception {
        byte[] whole = Files.readAllBytes(Fixtures.clip(fixture));
        return Files.write(dir.resolve("cut-" + fixture), Arrays.copyOf(whole, (int) count));
    }

    /** Imports the upload expecting a refusal, and checks that nothing was written. */
    private UnusableAudioException rejected(Path upload) throws Exception {
        Path target = dir.resolve("normalized.wav");
        UnusableAudioException rejection = catchThrowableOfType(UnusableAudioException.class,
                () -> importer.importClip(upload, target, Fixtures.MAX_DURATION));
        assertThat(rejection).as("import of %s", upload.getFileName()).isNotNull();
        assertThat(rejection.getMessage()).isNotBlank();
        assertThat(target).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left).noneMatch(path -> path.getFileName().toString().endsWith(".part"));
        }
        return rejection;
    }
}
