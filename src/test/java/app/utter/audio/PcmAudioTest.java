package app.utter.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.io.TempDir;

class PcmAudioTest {

    @TempDir
    Path dir;

    @Test
    void writesTheCanonicalFortyFourByteHeaderAndReadsItBack() throws Exception {
        short[] samples = {0, 1000, -1000, Short.MAX_VALUE, Short.MIN_VALUE};
        Path wav = dir.resolve("tiny.wav");

        new PcmAudio(24_000, samples).writeWav(wav);

        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(wav)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(bytes.capacity()).isEqualTo(44 + 10);
        assertThat(ascii(bytes, 0)).isEqualTo("RIFF");
        assertThat(bytes.getInt(4)).isEqualTo(36 + 10);
        assertThat(ascii(bytes, 8) + ascii(bytes, 12)).isEqualTo("WAVEfmt ");
        assertThat(bytes.getInt(16)).isEqualTo(16);
        assertThat(bytes.getShort(20)).isEqualTo((short) 1);               // PCM
        assertThat(bytes.getShort(22)).isEqualTo((short) 1);               // mono
        assertThat(bytes.getInt(24)).isEqualTo(24_000);
        assertThat(bytes.getInt(28)).isEqualTo(48_000);                    // bytes per second
        assertThat(bytes.getShort(32)).isEqualTo((short) 2);               // bytes per frame
        assertThat(bytes.getShort(34)).isEqualTo((short) 16);
        assertThat(ascii(bytes, 36)).isEqualTo("data");
        assertThat(bytes.getInt(40)).isEqualTo(10);
        assertThat(PcmAudio.readWav(wav).samples()).containsExactly(samples);
    }

    @Test
    void readsAWavWithExtraChunksBeforeTheData() throws Exception {
        PcmAudio taiyi = PcmAudio.readWav(Fixtures.clip("taiyi-zh.wav")); // has a LIST chunk first

        assertThat(taiyi.sampleRate()).isEqualTo(24_000);
        assertThat(taiyi.duration()).isEqualTo(Duration.ofMillis(6_760));
    }

    @Test
    void measuresLevelsInDbfs() {
        short[] square = new short[480];
        for (int i = 0; i < square.length; i++) {
            square[i] = (short) (i % 2 == 0 ? 16_384 : -16_384);
        }
        PcmAudio halfScale = new PcmAudio(24_000, square);

        assertThat(halfScale.peakDbfs()).isCloseTo(-6.02, Offset.offset(0.01));
        assertThat(halfScale.rmsDbfs()).isCloseTo(-6.02, Offset.offset(0.01));
        assertThat(new PcmAudio(24_000, new short[10]).peakDbfs()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void refusesWhatIsNotMonoSixteenBitPcm() throws Exception {
        Path text = Files.writeString(dir.resolve("text.wav"), "not a wav");

        assertThatThrownBy(() -> PcmAudio.readWav(text)).isInstanceOf(IOException.class);
    }

    @Test
    void spellsDurationsForPeople() {
        assertThat(DurationText.of(Duration.ofMillis(9_655))).isEqualTo("9.7 s");
        assertThat(DurationText.of(Duration.ofSeconds(60))).isEqualTo("60 s");
        assertThat(DurationText.of(Duration.ofSeconds(125))).isEqualTo("2 min 5 s");
        assertThat(DurationText.of(Duration.ofHours(10))).isEqualTo("10 h 0 min");
    }

    private static String ascii(ByteBuffer bytes, int at) {
        byte[] four = new byte[4];
        bytes.get(at, four);
        return new String(four, StandardCharsets.US_ASCII);
    }
}
