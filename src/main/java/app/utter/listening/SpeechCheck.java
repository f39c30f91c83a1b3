package app.utter.listening;

import java.util.Locale;

import app.utter.tts.Transcript;

/**
 * Whether a generated clip says its text: the model's known failures are runaway output (speech, babble or
 * silence going on long after the text is said), output cut short, and garbled words. Judged from the clip's
 * length against what the text needs, and from what the worker heard in it.
 */
public final class SpeechCheck {

    /** A clip whose heard words miss more than this share of the text's characters is spoken again. */
    public static final double MAX_ERROR_RATE = 0.5;
    // Unhurried speech: about 12 letters a second where words are spaced, 4.5 where each character is a syllable.
    private static final double SPACED_CHARS_PER_SECOND = 12;
    private static final double SYLLABIC_CHARS_PER_SECOND = 4.5;
    private static final double RUNAWAY_FACTOR = 3;
    private static final double RUNAWAY_GRACE_SECONDS = 2;
    private static final double CUT_SHORT_FACTOR = 0.25;

    /** What is wrong with a clip. */
    public enum Problem {
        RAN_ON, CUT_SHORT, MISHEARD
    }

    /** The outcome: {@code problem} null when the clip passed, else {@code reason} says what is wrong. */
    public record Verdict(Problem problem, double errorRate, double seconds, String reason) {

        public boolean passed() {
            return problem == null;
        }

        /** How bad the clip is, for keeping the best of several takes: a wrong length first, then missed words. */
        public double badness() {
            return (problem == Problem.RAN_ON || problem == Problem.CUT_SHORT ? 10 : 0) + errorRate;
        }
    }

    private SpeechCheck() {
    }

    /** Judges a clip of {@code seconds} that should say {@code text}, from what was heard in it. */
    public static Verdict judge(String text, double seconds, Transcript heard) {
        double needed = secondsNeeded(text);
        double errorRate = CharacterErrorRate.of(text, heard.text());
        if (seconds > RUNAWAY_FACTOR * needed + RUNAWAY_GRACE_SECONDS) {
            return new Verdict(Problem.RAN_ON, errorRate, seconds, String.format(Locale.ROOT,
                    "ran on: %.1f s of audio for a text that needs about %.1f s", seconds, needed));
        }
        if (needed > 2 && seconds < CUT_SHORT_FACTOR * needed) {
            return new Verdict(Problem.CUT_SHORT, errorRate, seconds, String.format(Locale.ROOT,
                    "cut short: %.1f s of audio for a text that needs about %.1f s", seconds, needed));
        }
        if (errorRate > MAX_ERROR_RATE) {
            return new Verdict(Problem.MISHEARD, errorRate, seconds, String.format(Locale.ROOT,
                    "words missed: %.0f%% of the text was not heard as written", 100 * Math.min(1, errorRate)));
        }
        return new Verdict(null, errorRate, seconds, null);
    }

    /** About how long {@code text} takes to say. */
    static double secondsNeeded(String text) {
        String letters = CharacterErrorRate.normalized(text);
        long syllabic = letters.codePoints().filter(SpeechCheck::syllabic).count();
        long spaced = letters.codePointCount(0, letters.length()) - syllabic;
        return spaced / SPACED_CHARS_PER_SECOND + syllabic / SYLLABIC_CHARS_PER_SECOND;
    }

    private static boolean syllabic(int c) {
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL;
    }
}
