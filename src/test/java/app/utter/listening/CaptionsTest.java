package app.utter.listening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import app.utter.tts.TimedWord;

class CaptionsTest {

    @Test
    void wordsKeepTheirPunctuationAndPartsAreShiftedToWhereTheyStart() {
        Captions captions = Captions.of(List.of(
                new Captions.Part("Hello, world.", 0, 1.5, List.of(word("Hello", 0.1, 0.5), word("world", 0.6, 1.1))),
                new Captions.Part("\"Stop\" - she said!", 1.5, 3.0,
                        List.of(word("Stop", 0.1, 0.4), word("she", 0.6, 0.8), word("said", 0.8, 1.2)))), 3.0);

        assertThat(captions.cues()).extracting(Captions.Cue::text).containsExactly("Hello, world.", "\"Stop\" - she said!");
        assertThat(captions.words()).extracting(Captions.Word::text)
                .containsExactly("Hello,", "world.", "\"Stop\" -", "she", "said!");
        assertThat(captions.words().get(2).start()).isEqualTo(1.6);
        assertThat(captions.srt()).isEqualTo("""
                1
                00:00:00,100 --> 00:00:01,100
                Hello, world.

                2
                00:00:01,600 --> 00:00:02,700
                "Stop" - she said!

                """);
        assertThat(captions.vtt()).startsWith("WEBVTT\n\n00:00:00.100 --> 00:00:01.100\nHello, <00:00:00.600>world.\n");
    }

    @Test
    void chineseRunsTogetherOneCharacterPerWord() {
        Captions captions = Captions.of(List.of(new Captions.Part("对，这就是我。", 2.0, 4.0, List.of(
                word("对", 0.0, 0.2), word("这", 0.3, 0.4), word("就", 0.4, 0.5), word("是", 0.5, 0.6),
                word("我", 0.6, 0.8)))), 4.0);

        assertThat(captions.cues()).singleElement().satisfies(cue -> {
            assertThat(cue.text()).isEqualTo("对，这就是我。");
            assertThat(cue.start()).isEqualTo(2.0);
            assertThat(cue.end()).isEqualTo(2.8);
        });
    }

    @Test
    void longSentencesAndPausesStartNewCues() {
        List<TimedWord> words = new java.util.ArrayList<>();
        String text = "one two three four five six seven eight nine ten eleven twelve thirteen";
        double t = 0;
        for (String w : text.split(" ")) {
            words.add(word(w, t, t + 0.3));
            t += w.equals("four") ? 1.5 : 0.35;
        }
        Captions captions = Captions.of(List.of(new Captions.Part(text, 0, t, words)), t);

        assertThat(captions.cues().getFirst().text()).isEqualTo("one two three four"); // the pause after "four"
        assertThat(captions.cues()).allSatisfy(cue -> assertThat(cue.text().length()).isLessThanOrEqualTo(42));
        assertThat(String.join(" ", captions.cues().stream().map(Captions.Cue::text).toList())).isEqualTo(text);
        for (int i = 1; i < captions.cues().size(); i++) {
            assertThat(captions.cues().get(i).start()).isGreaterThanOrEqualTo(captions.cues().get(i - 1).end());
        }
    }

    @Test
    void timesStayInsideTheirPartWhateverTheAlignerSays() {
        Captions captions = Captions.of(List.of(new Captions.Part("Too long", 1.0, 2.0,
                List.of(word("Too", -0.5, 0.2), word("long", 0.5, 9.0)))), 2.0);
        assertThat(captions.words()).allSatisfy(word -> {
            assertThat(word.start()).isBetween(1.0, 2.0);
            assertThat(word.end()).isBetween(word.start(), 2.0);
        });
    }

    private static TimedWord word(String text, double start, double end) {
        return new TimedWord(text, start, end);
    }
}
