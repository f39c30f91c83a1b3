package app.utter.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SpeechStitcherTest {

    private static final int RATE = MonoResampler.SAMPLE_RATE;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    private static final Duration SECOND_PAUSE = Duration.ofMillis(400);

    private static PcmAudio english;
    private static PcmAudio quietEnglish;
    private static PcmAudio chinese;

    private final SpeechStitcher stitcher = new SpeechStitcher();

    @BeforeAll
    static void decodeRealSpeech() throws Exception {
        english = DecodedAudio.speech("LJ001-0001.wav");
        quietEnglish = scaled(DecodedAudio.speech("nature-en.wav"), -12); // as if the TTS had spoken it softly
        chinese = DecodedAudio.speech("taiyi-zh.wav");
    }

    @Test
    void joinsTrimmedChunksWithTheirPauses() {
        List<PcmAudio> chunks = List.of(english, quietEnglish, chinese);
        int trimmed = 0;
        for (PcmAudio chunk : chunks) {
            int alone = stitcher.join(List.of(chunk), FIRST_PAUSE).samples().length;
            assertThat(alone).isLessThan(chunk.samples().length).isGreaterThan(chunk.samples().length / 2);
            trimmed += alone;
        }

        PcmAudio whole = stitch(chunks).finish();

        assertThat(whole.sampleRate()).isEqualTo(RATE);
        assertThat(whole.samples().length).isEqualTo(trimmed + samples(FIRST_PAUSE) + samples(SECOND_PAUSE));
    }

    @Test
    void levelsEveryChunkAlikeBelowThePeakCeiling() {
        Stitched stitched = stitch(List.of(english, quietEnglish, chinese));

        double[] levels = stitched.speech().stream().mapToDouble(PcmAudio::rmsDbfs).toArray();
        double spread = Arrays.stream(levels).max().orElseThrow() - Arrays.stream(levels).min().orElseThrow();
        assertThat(spread).as("RMS spread of %s dB", Arrays.toString(levels)).isLessThan(1.5);
        assertThat(levels[1]).isCloseTo(SpeechNormalizer.TARGET_RMS_DBFS, within(1.5));
        assertThat(stitched.finish().peakDbfs()).isLessThanOrEqualTo(SpeechNormalizer.PEAK_CEILING_DBFS + 0.01);
    }

    @Test
    void fadesEachChunkInAndOutSoThatNoBoundaryClicks() {
        Stitched stitched = stitch(List.of(english, quietEnglish, chinese));
        short[] whole = stitched.finish().samples();

        int start = 0;
        for (int chunk = 0; chunk < stitched.pieces().size(); chunk++) {
            int end = start + stitched.pieces().get(chunk).samples().length;
            int speechStart = end - stitched.speech().get(chunk).samples().length;
            for (int edge : new int[] {speechStart, end - 1}) {
                assertThat(whole[edge]).as("sample at chunk edge %d", edge).isZero();
                assertThat(largestStep(whole, edge - RATE / 200, edge + RATE / 200))
                        .as("largest step within 5 ms of %d", edge).isLessThan(400);
            }
            start = end;
        }
    }

    @Test
    void playsEachChunkAsSoonAsItIsAppendedAndTheWholeIsThosePieces() {
        Stitched stitched = stitch(List.of(english, quietEnglish, chinese));

        short[] pieces = stitched.pieces().stream().map(PcmAudio::samples)
                .reduce(new short[0], SpeechStitcherTest::concat);
        assertThat(stitched.finish().samples()).isEqualTo(pieces);
        assertThat(stitched.pieces().get(0).samples()).isEqualTo(stitched.speech().get(0).samples());
        assertThat(stitched.pieces().get(1).samples().length - stitched.speech().get(1).samples().length)
                .isEqualTo(samples(FIRST_PAUSE));
    }

    @Test
    void aChunksLevelDoesNotDependOnTheChunksAfterIt() {
        Stitch loudAfter = stitcher.start();
        Stitch quietAfter = stitcher.start();

        PcmAudio first = loudAfter.append(quietEnglish, FIRST_PAUSE);
        loudAfter.append(english, FIRST_PAUSE);

        assertThat(quietAfter.append(quietEnglish, FIRST_PAUSE).samples()).isEqualTo(first.samples());
        assertThat(loudAfter.finish().samples()).startsWith(first.samples());
    }

    @Test
    void aSilentChunkAddsOnlyItsPause() {
        Stitch stitch = stitcher.start();
        stitch.append(english, FIRST_PAUSE);

        PcmAudio silent = stitch.append(new PcmAudio(RATE, new short[RATE]), SECOND_PAUSE);
        PcmAudio next = stitch.append(chinese, FIRST_PAUSE);

        assertThat(silent.samples()).isEmpty();
        int speech = stitcher.join(List.of(chinese), FIRST_PAUSE).samples().length;
        assertThat(next.samples().length).isEqualTo(samples(SECOND_PAUSE) + speech);
    }

    @Test
    void refusesOtherSampleRatesNegativePausesAndChunksAfterTheEnd() {
        Stitch stitch = stitcher.start();
        assertThatThrownBy(() -> stitch.append(new PcmAudio(22_050, new short[100]), FIRST_PAUSE))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> stitch.append(english, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        stitch.finish();
        assertThatThrownBy(() -> stitch.append(english, FIRST_PAUSE)).isInstanceOf(IllegalStateException.class);
    }

    /** What the stitcher returned per chunk, and each chunk's speech alone (the piece less its leading pause). */
    private record Stitched(Stitch stitch, List<PcmAudio> pieces, List<PcmAudio> speech) {
        PcmAudio finish() {
            return stitch.finish();
        }
    }

    private Stitched stitch(List<PcmAudio> chunks) {
        Stitch stitch = stitcher.start();
        List<PcmAudio> pieces = new ArrayList<>();
        List<PcmAudio> speech = new ArrayList<>();
        Duration pause = Duration.ZERO;
        for (int i = 0; i < chunks.size(); i++) {
            PcmAudio piece = stitch.append(chunks.get(i), i == 0 ? FIRST_PAUSE : SECOND_PAUSE);
            pieces.add(piece);
            short[] samples = piece.samples();
            speech.add(new PcmAudio(RATE, Arrays.copyOfRange(samples, samples(pause), samples.length)));
            pause = i == 0 ? FIRST_PAUSE : SECOND_PAUSE;
        }
        return new Stitched(stitch, pieces, speech);
    }

    private static int samples(Duration pause) {
        return (int) (pause.toMillis() * RATE / 1000);
    }

    private static int largestStep(short[] samples, int from, int to) {
        int largest = 0;
        for (int i = Math.max(1, from); i < Math.min(samples.length, to); i++) {
            largest = Math.max(largest, Math.abs(samples[i] - samples[i - 1]));
        }
        return largest;
    }

    private static PcmAudio scaled(PcmAudio audio, double db) {
        double gain = Math.pow(10, db / 20);
        short[] samples = audio.samples().clone();
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(samples[i] * gain);
        }
        return new PcmAudio(audio.sampleRate(), samples);
    }

    private static short[] concat(short[] head, short[] tail) {
        short[] joined = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, joined, head.length, tail.length);
        return joined;
    }
}
