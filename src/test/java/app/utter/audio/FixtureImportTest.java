package app.utter.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FixtureImportTest {

    private final ReferenceAudioImporter importer = new ReferenceAudioImporter();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "LJ001-0001.wav,          wav,                      pcm_s16le, 22050,  9.66",
        "LJ001-0001.mp3,          mp3,                      mp3,       22050,  9.72",
        "LJ001-0001.flac,         flac,                     flac,      22050,  9.66",
        "LJ001-0002.wav,          wav,                      pcm_s16le, 22050,  1.90",
        "LJ001-0003.wav,          wav,                      pcm_s16le, 22050,  9.67",
        "LJ001-0003.webm,         'matroska,webm',          opus,      48000,  9.67",
        "LJ001-0003.m4a,          'mov,mp4,m4a,3gp,3g2,mj2', aac,       22050,  9.67",
        "apollo11-one-small-step.wav, wav,                  pcm_s16le, 24000, 12.98",
        "nature-en.wav,           wav,                      pcm_s16le, 24000,  5.33",
        "nature-en.ogg,           ogg,                      opus,      48000,  5.34",
        "taiyi-zh.wav,            wav,                      pcm_s16le, 24000,  6.76",
    })
    void importsEveryFixtureAsNormalizedMonoWav(String name, String container, String codec, int sampleRate,
                                                double seconds) throws Exception {
        Path target = dir.resolve("clip.wav");

        ImportedClip clip = importer.importClip(Fixtures.clip(name), target, Fixtures.MAX_DURATION);

        assertThat(clip.container()).isEqualTo(container);
        assertThat(clip.codec()).isEqualTo(codec);
        assertThat(clip.sourceSampleRate()).isEqualTo(sampleRate);
        assertThat(clip.sourceChannels()).isEqualTo(1);
        assertThat(clip.sourceDuration().toMillis() / 1000.0).isCloseTo(seconds, within(0.1));
        assertThat(clip.duration()).isLessThanOrEqualTo(clip.sourceDuration().plusMillis(1)); // resampling rounds
        assertThat(clip.duration().toMillis()).isGreaterThan(clip.sourceDuration().toMillis() * 8 / 10);
        assertThat(clip.peakDbfs()).isLessThanOrEqualTo(SpeechNormalizer.PEAK_CEILING_DBFS + 0.01);
        assertThat(clip.rmsDbfs()).isCloseTo(SpeechNormalizer.TARGET_RMS_DBFS, within(1.0));

        PcmAudio written = PcmAudio.readWav(target);
        assertThat(written.sampleRate()).isEqualTo(24_000);
        assertThat(Files.size(target)).isEqualTo(44 + 2L * written.samples().length);
        assertThat(written.duration()).isEqualTo(clip.duration());
        assertThat(written.peakDbfs()).isEqualTo(clip.peakDbfs());
    }

    @Test
    void trimsTheLongQuietEndsOfTheApolloClip() throws Exception {
        ImportedClip clip = importer.importClip(Fixtures.clip("apollo11-one-small-step.wav"),
                dir.resolve("apollo.wav"), Fixtures.MAX_DURATION);

        assertThat(clip.sourceDuration().minus(clip.duration()).toMillis()).isGreaterThan(200);
    }

    @Test
    void downmixesStereoToMono() throws Exception {
        PcmAudio speech = PcmAudio.readWav(Fixtures.clip("nature-en.wav"));
        Path stereo = Files.write(dir.resolve("stereo.wav"), stereoWav(speech));

        ImportedClip clip = importer.importClip(stereo, dir.resolve("mono.wav"), Fixtures.MAX_DURATION);

        assertThat(clip.sourceChannels()).isEqualTo(2);
        assertThat(clip.sourceDuration().toMillis()).isCloseTo(5_333, within(2L));
        assertThat(clip.rmsDbfs()).isCloseTo(SpeechNormalizer.TARGET_RMS_DBFS, within(1.0));
    }

    @Test
    void importsTheSameClipFromManyThreadsAtOnce() throws Exception {
        Path source = Fixtures.clip("LJ001-0003.webm");
        ImportedClip expected = importer.importClip(source, dir.resolve("expected.wav"), Fixtures.MAX_DURATION);
        byte[] expectedBytes = Files.readAllBytes(dir.resolve("expected.wav"));

        List<Callable<ImportedClip>> imports = IntStream.range(0, 8)
                .mapToObj(i -> (Callable<ImportedClip>) () ->
                        importer.importClip(source, dir.resolve("clip-" + i + ".wav"), Fixtures.MAX_DURATION))
                .toList();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (Future<ImportedClip> result : threads.invokeAll(imports)) {
                assertThat(result.get()).isEqualTo(expected);
            }
        }
        for (int i = 0; i < 8; i++) {
            assertThat(Files.readAllBytes(dir.resolve("clip-" + i + ".wav"))).isEqualTo(expectedBytes);
        }
    }

    /** The clip on the left channel, and at half its level, inverted, on the right. */
    private static byte[] stereoWav(PcmAudio mono) {
        int dataBytes = mono.samples().length * 4;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2)
                .putInt(mono.sampleRate()).putInt(mono.sampleRate() * 4).putShort((short) 4).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        for (short sample : mono.samples()) {
            wav.putShort(sample).putShort((short) (-sample / 2));
        }
        return wav.array();
    }
}
