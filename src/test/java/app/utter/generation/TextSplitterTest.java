package app.utter.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class TextSplitterTest {

    private final TextSplitter splitter = new TextSplitter();

    @Test
    void shortTextIsOneChunk() {
        assertThat(texts(splitter.split("  Hello there.  How are you?  "))).containsExactly("Hello there. How are you?");
    }

    @Test
    void longEnglishIsSplitAtSentenceEndsWithinTheLimit() {
        String sentence = "Printing, in the only sense with which we are at present concerned, differs from most arts. ";
        String text = sentence.repeat(40);
        List<TextChunk> chunks = splitter.split(text);

        assertThat(chunks).hasSizeGreaterThan(10).allSatisfy(chunk -> {
            assertThat(chunk.text().length()).isLessThanOrEqualTo(300);
            assertThat(chunk.text()).startsWith("Printing,").endsWith("arts.");
        });
        assertThat(String.join(" ", texts(chunks))).isEqualTo(text.strip());
    }

    @Test
    void chineseAndJapaneseSplitAtTheirOwnPunctuation() {
        String zh = "对，这就是我，万人敬仰的太乙真人。".repeat(12);
        List<TextChunk> chunks = splitter.split(zh);
        assertThat(chunks).allSatisfy(c -> {
            assertThat(c.text().length()).isLessThanOrEqualTo(100);
            assertThat(c.text()).endsWith("。");
        });
        assertThat(String.join("", texts(chunks))).isEqualTo(zh);

        String ja = "今日はいい天気ですね！散歩に行きましょうか？";
        assertThat(texts(splitter.split(ja))).containsExactly(ja);
        assertThat(texts(new TextSplitter(300, 12).split(ja))).containsExactly("今日はいい天気ですね！", "散歩に行きましょうか？");
    }

    @Test
    void overlongSentencesBreakAtClausesThenBetweenWordsNeverInsideOne() {
        String clauses = "one two three, four five six, seven eight nine, ten eleven twelve";
        assertThat(texts(new TextSplitter(30, 10).split(clauses)))
                .containsExactly("one two three, four five six,", "seven eight nine,", "ten eleven twelve");

        String words = "alpha bravo charlie delta echo foxtrot golf hotel india juliet";
        List<String> pieces = texts(new TextSplitter(20, 10).split(words));
        assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(20));
        assertThat(String.join(" ", pieces)).isEqualTo(words);
    }

    @Test
    void cjkWithoutPunctuationIsCutBetweenCharacters() {
        String zh = "万人敬仰的太乙真人".repeat(30);
        List<String> pieces = texts(splitter.split(zh));
        assertThat(pieces).allSatisfy(p -> assertThat(p.length()).isLessThanOrEqualTo(100));
        assertThat(String.join("", pieces)).isEqualTo(zh);
    }

    @Test
    void paragraphsGetALongerPause() {
        List<TextChunk> chunks = splitter.split("First paragraph.\n\nSecond paragraph.");
        assertThat(texts(chunks)).containsExactly("First paragraph.", "Second paragraph.");
        assertThat(chunks.getFirst().pauseAfter()).isEqualTo(TextSplitter.PARAGRAPH_PAUSE);
    }

    @Test
    void tenThousandCharactersStayWholeAndBounded() {
        String text = "The quick brown fox jumps over the lazy dog; it was not amused! Was it? ".repeat(139);
        List<TextChunk> chunks = splitter.split(text);
        assertThat(text.length()).isGreaterThan(9_900);
        assertThat(chunks).hasSizeBetween(34, 60);
        assertThat(String.join(" ", texts(chunks))).isEqualTo(text.strip());
    }

    private static List<String> texts(List<TextChunk> chunks) {
        return chunks.stream().map(TextChunk::text).toList();
    }
}
