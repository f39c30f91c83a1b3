package app.utter.listening;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CharacterErrorRateTest {

    @Test
    void punctuationCaseSpacesAndWidthAreNotDifferences() {
        assertThat(CharacterErrorRate.of("Some call me nature, others call me mother nature.",
                "some call me Nature others call me Mother Nature")).isZero();
        assertThat(CharacterErrorRate.of("对，这就是我，万人敬仰的太乙真人。", "对 这就是我 万人敬仰的太乙真人")).isZero();
        assertThat(CharacterErrorRate.of("ＡＢＣ１２３", "abc123")).isZero(); // full-width letters and digits
    }

    @Test
    void editsAreCountedPerCharacterOfTheReference() {
        assertThat(CharacterErrorRate.of("abcdefghij", "abcdefghiX")).isCloseTo(0.1, within(1e-9));
        assertThat(CharacterErrorRate.of("对这就是我", "对这是我")).isCloseTo(0.2, within(1e-9));
        assertThat(CharacterErrorRate.of("abc", "")).isEqualTo(1.0);
        assertThat(CharacterErrorRate.of("", "")).isZero();
        assertThat(CharacterErrorRate.of("...", "hello")).isEqualTo(1.0);
    }

    @Test
    void anotherClipsTranscriptIsFarAbove() {
        double typo = CharacterErrorRate.of("That's one small step for man, one giant leap for mankind.",
                "That's one small step for a man, one giant leap for mankind.");
        double other = CharacterErrorRate.of("That's one small step for man, one giant leap for mankind.",
                "Some call me nature, others call me mother nature.");
        assertThat(typo).isLessThan(0.05);
        assertThat(other).isGreaterThan(0.6);
    }
}
