package app.utter.listening;

import java.util.ArrayList;
import java.util.List;

import app.utter.tts.TimedWord;

/**
 * Puts the aligner's words (punctuation left out, times from the start of their part) back into the part's text
 * as written: each word gets the punctuation around it, and knows whether a space comes before it. Punctuation
 * between two words goes with the first, except what follows the last space (an opening quote or bracket).
 */
final class WrittenWords {

    /** A word ready for captions, and whether the text puts a space before it. */
    record Written(Captions.Word word, boolean spaceBefore) {
    }

    private static final int SEARCH_AHEAD = 24; // letters an aligner's word may be from the last one before it is given up

    private WrittenWords() {
    }

    static List<Written> of(Captions.Part part) {
        String text = part.text();
        Letters letters = Letters.of(text);
        List<TimedWord> timed = part.words();
        int[] from = new int[timed.size()]; // where each word starts and ends in the text; -1 when not found
        int[] to = new int[timed.size()];
        int cursor = 0;
        for (int i = 0; i < timed.size(); i++) {
            String key = CharacterErrorRate.normalized(timed.get(i).text());
            int at = key.isEmpty() ? -1 : letters.folded.indexOf(key, cursor);
            if (at < 0 || at - cursor > SEARCH_AHEAD) {
                from[i] = -1;
                continue;
            }
            from[i] = letters.start[at];
            to[i] = letters.end[at + key.length() - 1];
            cursor = at + key.length();
        }
        List<Written> words = new ArrayList<>();
        double last = part.offset();
        int placedEnd = -1; // where the last word placed ends in the text, its punctuation included
        int coreEnd = -1; // where its letters end
        for (int i = 0; i < timed.size(); i++) {
            TimedWord word = timed.get(i);
            double start = Math.clamp(word.start() + part.offset(), last, Math.max(last, part.end()));
            double end = Math.clamp(word.end() + part.offset(), start, Math.max(start, part.end()));
            last = start;
            if (from[i] < 0) {
                words.add(new Written(new Captions.Word(word.text(), start, end), spaced(text)));
                continue;
            }
            int next = nextFound(from, i + 1);
            String leading = placedEnd < 0 ? text.substring(0, from[i])
                    : afterLastSpace(text.substring(placedEnd, from[i]));
            String gapAfter = text.substring(to[i], next < 0 ? text.length() : from[next]);
            String trailing = next < 0 ? gapAfter : beforeLastSpace(gapAfter);
            boolean spaceBefore = coreEnd >= 0 && text.substring(coreEnd, from[i]).codePoints()
                    .anyMatch(Character::isWhitespace);
            words.add(new Written(new Captions.Word((leading + text.substring(from[i], to[i]) + trailing).strip(),
                    start, end), spaceBefore));
            placedEnd = to[i] + trailing.length();
            coreEnd = to[i];
        }
        return words;
    }

    private static int nextFound(int[] from, int index) {
        for (int i = index; i < from.length; i++) {
            if (from[i] >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** What a gap between two words gives the first: all of it up to its last space ("," or "\" -"). */
    private static String beforeLastSpace(String gap) {
        return gap.substring(0, gap.length() - afterLastSpace(gap).length());
    }

    /** What a gap between two words gives the second: what follows its last space (an opening quote). */
    private static String afterLastSpace(String gap) {
        int space = gap.length();
        while (space > 0 && !Character.isWhitespace(gap.charAt(space - 1))) {
            space--;
        }
        return gap.substring(space);
    }

    private static boolean spaced(String text) {
        return text.codePoints().anyMatch(Character::isWhitespace);
    }

    /** The text's letters folded as {@link CharacterErrorRate} folds them, each with where it is in the text. */
    private record Letters(String folded, int[] start, int[] end) {

        static Letters of(String text) {
            StringBuilder folded = new StringBuilder();
            List<Integer> starts = new ArrayList<>();
            List<Integer> ends = new ArrayList<>();
            for (int i = 0; i < text.length(); i = text.offsetByCodePoints(i, 1)) {
                int next = text.offsetByCodePoints(i, 1);
                String letters = CharacterErrorRate.normalized(text.substring(i, next));
                for (int k = 0; k < letters.length(); k++) {
                    starts.add(i);
                    ends.add(next);
                }
                folded.append(letters);
            }
            return new Letters(folded.toString(), starts.stream().mapToInt(Integer::intValue).toArray(),
                    ends.stream().mapToInt(Integer::intValue).toArray());
        }
    }
}
