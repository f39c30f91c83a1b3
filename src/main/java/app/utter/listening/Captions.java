package app.utter.listening;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import app.utter.tts.TimedWord;

/**
 * Captions of a clip: cues of a few words each, and every word with its time, as written in the text (punctuation
 * kept). Built from the words the aligner placed in each part of the clip, each part shifted to where it starts.
 */
public record Captions(double duration, List<Cue> cues) {

    /** A word as written, and when it is said, in seconds from the clip's start. */
    public record Word(String text, double start, double end) {
    }

    /** One caption: its words, shown together from the first word's start to the last word's end. */
    public record Cue(double start, double end, String text, List<Word> words) {
    }

    /**
     * One part of the clip: the text said in it, where it starts, where it ends (seconds) and the aligner's words
     * with times from the part's own start.
     */
    public record Part(String text, double offset, double end, List<TimedWord> words) {
    }

    private static final int MAX_CUE_CHARS = 42; // two short lines, as subtitle guides advise
    private static final double MAX_CUE_SECONDS = 6;
    private static final double PAUSE_BREAK_SECONDS = 0.6;

    public Captions {
        cues = List.copyOf(cues);
    }

    /** Captions from the parts of a clip, in order. */
    public static Captions of(List<Part> parts, double duration) {
        List<Cue> cues = new ArrayList<>();
        for (Part part : parts) {
            List<WrittenWords.Written> words = WrittenWords.of(part);
            int first = 0;
            for (int i = 1; i <= words.size(); i++) {
                if (i == words.size() || breakBefore(words, first, i)) {
                    cues.add(cue(words.subList(first, i)));
                    first = i;
                }
            }
        }
        return new Captions(duration, cues);
    }

    /** Captions of clips played one after another: each clip's cues moved to where it starts ({@code offsets}). */
    public static Captions joined(List<Captions> clips, List<Double> offsets, double duration) {
        List<Cue> cues = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            double offset = offsets.get(i);
            for (Cue cue : clips.get(i).cues()) {
                cues.add(new Cue(cue.start() + offset, cue.end() + offset, cue.text(), cue.words().stream()
                        .map(word -> new Word(word.text(), word.start() + offset, word.end() + offset)).toList()));
            }
        }
        return new Captions(duration, cues);
    }

    /** Every word, in order. */
    public List<Word> words() {
        return cues.stream().flatMap(cue -> cue.words().stream()).toList();
    }

    /** SubRip: numbered cues, times with a comma before the milliseconds. */
    public String srt() {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cues.size(); i++) {
            Cue cue = cues.get(i);
            out.append(i + 1).append('\n').append(time(cue.start(), ',')).append(" --> ")
                    .append(time(cue.end(), ',')).append('\n').append(cue.text()).append("\n\n");
        }
        return out.toString();
    }

    /** WebVTT, with a timestamp before each word after the first, so that players can follow word by word. */
    public String vtt() {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (Cue cue : cues) {
            out.append(time(cue.start(), '.')).append(" --> ").append(time(cue.end(), '.')).append('\n');
            int at = 0; // how much of the cue's text is written
            for (int i = 0; i < cue.words().size(); i++) {
                Word word = cue.words().get(i);
                int found = cue.text().indexOf(word.text(), at);
                int from = found < 0 ? at : found;
                out.append(escaped(cue.text().substring(at, from)));
                if (i > 0) {
                    out.append('<').append(time(word.start(), '.')).append('>');
                }
                out.append(escaped(word.text()));
                at = found < 0 ? at : found + word.text().length();
            }
            out.append(escaped(cue.text().substring(at))).append("\n\n");
        }
        return out.toString();
    }

    private static boolean breakBefore(List<WrittenWords.Written> words, int first, int next) {
        Word previous = words.get(next - 1).word();
        Word word = words.get(next).word();
        return line(words.subList(first, next + 1)).length() > MAX_CUE_CHARS
                || word.end() - words.get(first).word().start() > MAX_CUE_SECONDS
                || word.start() - previous.end() > PAUSE_BREAK_SECONDS
                || previous.text().matches(".*[.!?。！？…][\"'”’」』)]*");
    }

    private static Cue cue(List<WrittenWords.Written> words) {
        return new Cue(words.getFirst().word().start(), words.getLast().word().end(), line(words),
                words.stream().map(WrittenWords.Written::word).toList());
    }

    /** The words as the text writes them: spaced where it has spaces, run together where it has none (Chinese). */
    private static String line(List<WrittenWords.Written> words) {
        StringBuilder line = new StringBuilder();
        for (WrittenWords.Written written : words) {
            line.append(line.isEmpty() || !written.spaceBefore() ? "" : " ").append(written.word().text());
        }
        return line.toString();
    }

    private static String time(double seconds, char decimal) {
        long millis = Math.round(Math.max(0, seconds) * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, decimal, millis % 1000);
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
