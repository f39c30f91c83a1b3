package app.utter.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class SpeechEncoderTest {

    private static PcmAudio speech;

    private final SpeechEncoder encoder = new SpeechEncoder();

    @TempDir
    Path dir;

    @BeforeAll
    static void stitchRealSpeech() throws Exception {
        speech = new SpeechStitcher().join(List.of(DecodedAudio.speech("LJ001-0001.wav"),
                DecodedAudio.speech("nature-en.wav"), DecodedAudio.speech("taiyi-zh.wav")),
                SpeechStitcher.SENTENCE_PAUSE);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "MP3,  mp3,                       mp3,  24000",
        "OPUS, ogg,                       opus, 48000", // Opus always decodes at 48 kHz
        "AAC,  'mov,mp4,m4a,3gp,3g2,mj2', aac,  24000",
    })
    void encodesLossyFormatsThatDecodeToTheSameSpeech(AudioFormat format, String container, String codec,
                                                      int sampleRate) throws Exception {
        DecodedAudio decoded = DecodedAudio.of(encoded(format));

        assertThat(decoded.format().container()).isEqualTo(container);
        assertThat(decoded.format().codec()).isEqualTo(codec);
        assertThat(decoded.format().sampleRate()).isEqualTo(sampleRate);
        assertThat(decoded.format().channels()).isEqualTo(1);
        assertThat(decoded.format().declaredDuration()).as("length a player shows before decoding")
                .hasValueSatisfying(declared -> assertThat(declared.toMillis())
                        .isCloseTo(speech.duration().toMillis(), within(60L)));
        PcmAudio audio = decoded.pcm();
        assertThat(audio.duration().toMillis()).isCloseTo(speech.duration().toMillis(), within(60L));
        assertThat(audio.rmsDbfs()).isCloseTo(speech.rmsDbfs(), within(1.0));
        assertThat(correlation(speech.samples(), audio.samples())).isGreaterThan(0.98);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"WAV, wav, pcm_s16le", "FLAC, flac, flac"})
    void encodesLosslessFormatsThatDecodeToTheExactSamples(AudioFormat format, String container, String codec)
            throws Exception {
        DecodedAudio decoded = DecodedAudio.of(encoded(format));

        assertThat(decoded.format().container()).isEqualTo(container);
        assertThat(decoded.format().codec()).isEqualTo(codec);
        assertThat(decoded.format().sampleRate()).isEqualTo(24_000);
        assertThat(decoded.pcm().samples()).isEqualTo(speech.samples());
    }

    @Test
    void writesPcmAsRawLittleEndianSamples() throws Exception {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(encoded(AudioFormat.PCM))).order(ByteOrder.LITTLE_ENDIAN);

        short[] samples = new short[bytes.remaining() / 2];
        bytes.asShortBuffer().get(samples);
        assertThat(samples).isEqualTo(speech.samples());
    }

    @ParameterizedTest
    @EnumSource(AudioFormat.class)
    void writesTheSameBytesToAStreamAsToAFile(AudioFormat format) throws Exception {
        ByteArrayOutputStream stream = new ByteArrayOutputStream();

        encoder.encode(speech, format, stream);

        assertThat(Arrays.mismatch(stream.toByteArray(), bytes(encoded(format)))).as("first differing byte")
                .isEqualTo(-1);
        try (Stream<Path> left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.filter(file -> file.getFileName().toString().startsWith("utter-speech-"))
                    .filter(file -> file.getFileName().toString().endsWith("." + format.extension()))).isEmpty();
        }
    }

    @Test
    void encodesFromManyThreadsAtOnceWithTheSameResult() throws Exception {
        List<AudioFormat> formats = List.of(AudioFormat.MP3, AudioFormat.OPUS, AudioFormat.AAC, AudioFormat.FLAC);
        List<byte[]> expected = formats.stream().map(format -> bytes(encoded(format))).toList();

        List<Callable<byte[]>> encodes = IntStream.range(0, 16)
                .mapToObj(i -> (Callable<byte[]>) () -> {
                    Path target = dir.resolve("parallel-" + i);
                    encoder.encode(speech, formats.get(i % formats.size()), target);
                    return Files.readAllBytes(target);
                })
                .toList();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<byte[]>> results = threads.invokeAll(encodes);
            for (int i = 0; i < results.size(); i++) {
                assertThat(Arrays.mismatch(results.get(i).get(), expected.get(i % formats.size())))
                        .as("first byte of encode %d that differs", i).isEqualTo(-1);
            }
        }
    }

    @Test
    void leavesNothingBehindWhenTheEncoderRefusesTheAudio() {
        PcmAudio cdRate = new PcmAudio(44_100, speech.samples()); // Opus has no 44.1 kHz mode
        Path target = dir.resolve("speech.opus");

        assertThatThrownBy(() -> encoder.encode(cdRate, AudioFormat.OPUS, target))
                .isInstanceOf(IOException.class).hasMessageContaining("libopus");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void namesEachFormatAsTheApiDoes() {
        assertThat(AudioFormat.named("opus")).contains(AudioFormat.OPUS);
        assertThat(AudioFormat.named("MP3")).contains(AudioFormat.MP3);
        assertThat(AudioFormat.named("ogg")).isEmpty();
        assertThat(AudioFormat.OPUS.mediaType()).isEqualTo("audio/ogg");
        assertThat(AudioFormat.AAC.extension()).isEqualTo("m4a");
    }

    private Path encoded(AudioFormat format) {
        Path target = dir.resolve("speech." + format.extension());
        try {
            encoder.encode(speech, format, target);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return target;
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Pearson correlation of the overlapping samples: near 1 when the codec kept the waveform in place. */
    private static double correlation(short[] original, short[] decoded) {
        int length = Math.min(original.length, decoded.length);
        double product = 0;
        double originalEnergy = 0;
        double decodedEnergy = 0;
        for (int i = 0; i < length; i++) {
            product += (double) original[i] * decoded[i];
            originalEnergy += (double) original[i] * original[i];
            decodedEnergy += (double) decoded[i] * decoded[i];
        }
        return product / Math.sqrt(originalEnergy * decodedEnergy);
    }
}
