package app.utter.dictionary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import app.utter.voices.Language;

/** PLS files in and out: aliases become entries, phoneme-only lexemes are reported by line, bad files by line. */
class PlsLexiconTest {

    static PlsLexicon.Parsed read(String xml) throws PlsLexicon.Malformed {
        return PlsLexicon.read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aliasesAreReadAndPhonemeOnlyEntriesReportedByLine() throws Exception {
        PlsLexicon.Parsed parsed;
        try (InputStream file = getClass().getResourceAsStream("/lexicons/tech-terms.pls")) {
            parsed = PlsLexicon.read(file);
        }
        assertThat(parsed.language()).isEqualTo(Language.ENGLISH);
        assertThat(parsed.entries()).extracting(PlsLexicon.Entry::grapheme, PlsLexicon.Entry::alias).containsExactly(
                org.assertj.core.groups.Tuple.tuple("BTW", "by the way"),
                org.assertj.core.groups.Tuple.tuple("Nginx", "engine x"),
                org.assertj.core.groups.Tuple.tuple("NGINX", "engine x"),
                org.assertj.core.groups.Tuple.tuple("W3C", "World Wide Web Consortium"));
        assertThat(parsed.skipped()).extracting(PlsLexicon.Skipped::line, PlsLexicon.Skipped::grapheme)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(18, "Siobhán"),
                        org.assertj.core.groups.Tuple.tuple(27, "Qwen"));
        assertThat(parsed.skipped().getFirst().reason()).contains("phoneme", "<alias>");
    }

    @Test
    void aMalformedFileIsRefusedNamingItsLine() {
        assertThatThrownBy(() -> read("<?xml version=\"1.0\"?>\n<lexicon xmlns=\"" + PlsLexicon.NAMESPACE
                + "\" version=\"1.0\">\n  <lexeme>\n    <grapheme>A</grapheme>\n  </lexem>\n</lexicon>"))
                .isInstanceOfSatisfying(PlsLexicon.Malformed.class, e -> assertThat(e.line).isEqualTo(5));
        assertThatThrownBy(() -> read("<html><body/></html>"))
                .isInstanceOfSatisfying(PlsLexicon.Malformed.class, e -> assertThat(e.getMessage()).contains("<lexicon>"));
    }

    @Test
    void externalEntitiesAreNeverRead() {
        String xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE lexicon [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n"
                + "<lexicon xmlns=\"" + PlsLexicon.NAMESPACE + "\" version=\"1.0\">\n<lexeme><grapheme>x</grapheme>"
                + "<alias>&secret;</alias></lexeme></lexicon>";
        assertThatThrownBy(() -> read(xxe)).isInstanceOf(PlsLexicon.Malformed.class);
    }

    @Test
    void whatIsWrittenReadsBackTheSame() throws Exception {
        List<PronunciationRule> rules = List.of(
                new PronunciationRule("1", "o", "Nginx", "engine x", null, true, false, Instant.now()),
                new PronunciationRule("2", "o", "<&>", "less and more", null, true, false, Instant.now()));
        PlsLexicon.Parsed back = read(PlsLexicon.write(rules, Language.GERMAN));
        assertThat(back.language()).isEqualTo(Language.GERMAN);
        assertThat(back.entries()).extracting(PlsLexicon.Entry::grapheme).containsExactly("Nginx", "<&>");
        assertThat(read(PlsLexicon.write(rules, null)).language()).isNull();
    }
}
