package app.utter.dictionary;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Rules rewrite a text in one pass: whole words, case, the longest phrase first, CJK without word boundaries. */
class RespellerTest {

    static PronunciationRule rule(String phrase, String alias, boolean wholeWord, boolean caseSensitive) {
        return new PronunciationRule(phrase, "owner", phrase, alias, null, wholeWord, caseSensitive, Instant.now());
    }

    static String respell(String text, PronunciationRule... rules) {
        return new Respeller(List.of(rules)).respell(text).text();
    }

    @Test
    void aWholeWordRuleLeavesWordsThatHoldThePhrase() {
        PronunciationRule sql = rule("SQL", "sequel", true, false);
        assertThat(respell("SQL, MySQL and sql-ish: SQLite.", sql)).isEqualTo("sequel, MySQL and sequel-ish: SQLite.");
        assertThat(respell("MySQL", rule("SQL", "sequel", false, false))).isEqualTo("Mysequel");
    }

    @Test
    void aCaseRuleMatchesOnlyAsWritten() {
        PronunciationRule us = rule("US", "U.S.", true, true);
        assertThat(respell("Tell us about the US.", us)).isEqualTo("Tell us about the U.S..");
        assertThat(respell("Tell us about the US.", rule("US", "you ess", true, false)))
                .isEqualTo("Tell you ess about the you ess.");
    }

    @Test
    void overlappingRulesTakeTheLongestPhraseAndNeverRewriteAnAlias() {
        PronunciationRule york = rule("York", "Yawk", true, false);
        PronunciationRule newYork = rule("New York", "Noo Yawk", true, false);
        PronunciationRule yawk = rule("Yawk", "WRONG", true, false);
        assertThat(respell("New York is not York.", york, yawk, newYork)).isEqualTo("Noo Yawk is not Yawk.");
        Respeller.Respelled made = new Respeller(List.of(york, newYork)).respell("New York, York");
        assertThat(made.replacements()).extracting(Respeller.Replacement::at, Respeller.Replacement::phrase)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, "New York"),
                        org.assertj.core.groups.Tuple.tuple(10, "York"));
    }

    @Test
    void cjkPhrasesMatchInsideTextWrittenWithoutSpaces() {
        PronunciationRule name = rule("通义", "通易", true, false);
        PronunciationRule kana = rule("東京", "とうきょう", true, false);
        assertThat(respell("我叫通义千问。", name)).isEqualTo("我叫通易千问。");
        assertThat(respell("東京都に住む", kana)).isEqualTo("とうきょう都に住む");
    }

    @Test
    void phrasesAreLiteralAndLettersOfOtherScriptsBoundWords() {
        assertThat(respell("C++ and C#.", rule("C++", "C plus plus", true, false), rule("C#", "C sharp", false, true)))
                .isEqualTo("C plus plus and C sharp.");
        assertThat(respell("Straße straßen", rule("Straße", "Strasse", true, false))).isEqualTo("Strasse straßen");
        assertThat(respell("nothing to do")).isEqualTo("nothing to do");
    }
}
