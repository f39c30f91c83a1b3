package app.utter.listening;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import app.utter.tts.Transcript;

class SpeechCheckTest {

    private static final String TEXT = "The quick brown fox jumps over the lazy dog near the river bank.";

    @Test
    void aClipOfAboutTheRightLengthThatSaysItsTextPasses() {
        SpeechCheck.Verdict verdict = SpeechCheck.judge(TEXT, 4.2, heard("the quick brown fox jumps over the lazy dog near the river bank"));
        assertThat(verdict.passed()).isTrue();
        assertThat(verdict.reason()).isNull();
    }

    @Test
    void aClipThatRunsOnFails() {
        SpeechCheck.Verdict verdict = SpeechCheck.judge(TEXT, 30, heard(TEXT));
        assertThat(verdict.problem()).isEqualTo(SpeechCheck.Problem.RAN_ON);
        assertThat(verdict.reason()).startsWith("ran on: 30.0 s of audio for a text that needs about 4.3 s");
    }

    @Test
    void aClipCutShortFails() {
        assertThat(SpeechCheck.judge(TEXT, 0.6, heard("the quick")).problem()).isEqualTo(SpeechCheck.Problem.CUT_SHORT);
    }

    @Test
    void aClipWhoseWordsAreNotTheTextFails() {
        SpeechCheck.Verdict verdict = SpeechCheck.judge(TEXT, 4.2, heard("knab revir eht raen god yzal eht"));
        assertThat(verdict.problem()).isEqualTo(SpeechCheck.Problem.MISHEARD);
        assertThat(verdict.badness()).isLessThan(SpeechCheck.judge(TEXT, 30, heard(TEXT)).badness());
    }

    @Test
    void chineseTakesLongerPerCharacter() {
        assertThat(SpeechCheck.secondsNeeded("对，这就是我，万人敬仰的太乙真人。")).isBetween(3.0, 4.0);
        assertThat(SpeechCheck.secondsNeeded("Some call me nature.")).isBetween(1.0, 2.0);
    }

    private static Transcript heard(String text) {
        return new Transcript(text, "English", "English", null, 0);
    }
}
