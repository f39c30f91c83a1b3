package app.utter.voices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import app.utter.listening.Listening;
import app.utter.tts.SpeechListener;
import app.utter.tts.SynthesisRequest;
import app.utter.tts.SynthesisResult;
import app.utter.tts.TimedWord;
import app.utter.tts.Transcript;
import app.utter.tts.TtsEngine;
import app.utter.tts.VoicePrompt;
import app.utter.tts.WorkerHealth;
import app.utter.web.ApiProblem;

/** What a new voice's transcript and language become, for what a listening worker hears in odd clips. */
class ClipTranscriptsTest {

    static final byte[] CLIP = new byte[44];

    @Test
    void aClipInALanguageUtterCannotSpeakIsRefusedByName() {
        ClipTranscripts transcripts = hearing(new Transcript("مرحبا بكم", Transcript.UNSUPPORTED, "Arabic", null, 4));

        assertThatThrownBy(() -> transcripts.settle(CLIP, "", null, null, false))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.getBody().getType().toString()).endsWith("language-unsupported");
                    assertThat(problem.getBody().getDetail()).startsWith("The clip is spoken in Arabic, which Utter "
                            + "cannot speak; choose a clip in Chinese, English");
                });
    }

    @Test
    void aClipWithoutSpeechNeedsATypedTranscriptAndKeepsIt() {
        ClipTranscripts transcripts = hearing(new Transcript("", null, null, null, 4));

        assertThatThrownBy(() -> transcripts.settle(CLIP, "", null, null, false))
                .isInstanceOfSatisfying(ApiProblem.class, problem ->
                        assertThat(problem.getBody().getType().toString()).endsWith("nothing-heard"));
        assertThat(transcripts.settle(CLIP, "Typed by hand.", Language.ENGLISH, "typed", false))
                .isEqualTo(new ClipTranscripts.Settled("Typed by hand.", Language.ENGLISH, Voice.TYPED));
    }

    @Test
    void aTranscriptDifferingByCaseAndPunctuationOnlyIsAccepted() {
        ClipTranscripts transcripts = hearing(new Transcript("对，这就是我，万人敬仰的太乙真人。", "Chinese", "Chinese", null, 6));

        assertThat(transcripts.settle(CLIP, "对 这就是我 万人敬仰的太乙真人", null, "heard", false))
                .isEqualTo(new ClipTranscripts.Settled("对 这就是我 万人敬仰的太乙真人", Language.CHINESE, "heard"));
    }

    /** A ClipTranscripts over a worker that hears {@code heard} in every clip. */
    private static ClipTranscripts hearing(Transcript heard) {
        return new ClipTranscripts(new Listening(new HearingEngine(heard)));
    }

    private record HearingEngine(Transcript heard) implements TtsEngine {

        @Override
        public WorkerHealth health() {
            return new WorkerHealth("ok", 1, 1, "fake", null, "cpu", "float32", "sdpa", 24_000, List.of(),
                    new WorkerHealth.Capabilities(true, false, true, true, false, false, false), null, null,
                    "none", new WorkerHealth.Listening("fake/asr", null, List.of("English", "Chinese", "Arabic"),
                    List.of()), null);
        }

        @Override
        public Transcript transcribe(byte[] audio, String language, boolean wordTimings) {
            return heard;
        }

        @Override
        public VoicePrompt createPrompt(byte[] referenceAudio, String transcript, boolean xVectorOnly) {
            throw new UnsupportedOperationException("this engine only listens");
        }

        @Override
        public SynthesisResult synthesize(SynthesisRequest request, SpeechListener listener) {
            throw new UnsupportedOperationException("this engine only listens");
        }

        @Override
        public List<TimedWord> align(byte[] clip, String text, String language) {
            throw new UnsupportedOperationException("this engine only listens");
        }
    }
}
