package app.utter.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import app.utter.design.PresetSpeaker;
import app.utter.web.ApiProblem;

/** Instructions go only to preset speakers whose model takes them, within the worker's limit. */
class InstructionRulesTest {

    static final PresetSpeaker DIRECTED = new PresetSpeaker("ryan", "Ryan", List.of("English"), null, "", true);
    static final PresetSpeaker PLAIN = new PresetSpeaker("ryan", "Ryan", List.of("English"), null, "", false);

    @Test
    void blankInstructionsAreNoneForEveryVoice() {
        assertThat(new GenerationRules().instructions("  ", null, 0)).isNull();
        assertThat(new GenerationRules().instructions(null, PLAIN, 500)).isNull();
    }

    @Test
    void aPresetSpeakerThatTakesThemGetsThemWithoutOuterSpaces() {
        GenerationRules rules = new GenerationRules();
        assertThat(rules.instructions("  Tired, slow. ", DIRECTED, 500)).isEqualTo("Tired, slow.");
        rules.throwIfInvalid();
    }

    @Test
    void aModelThatIgnoresThemRefusesThemSayingSo() {
        assertThat(refusal(PLAIN, "Excited!", 500)).contains("take no instructions", "0.6B");
        assertThat(refusal(null, "Excited!", 500)).contains("Cloned voices take no instructions");
        assertThat(refusal(DIRECTED, "x".repeat(11), 10)).contains("11 characters long; use at most 10");
    }

    private static String refusal(PresetSpeaker speaker, String instructions, int max) {
        GenerationRules rules = new GenerationRules();
        rules.instructions(instructions, speaker, max);
        ApiProblem[] thrown = new ApiProblem[1];
        assertThatThrownBy(rules::throwIfInvalid).isInstanceOfSatisfying(ApiProblem.class, p -> thrown[0] = p);
        return thrown[0].fieldErrors().get("instructions");
    }
}
