package app.utter.tts;

/** One unit of speech the aligner placed: a word, or a character in Chinese; seconds from the clip's start. */
public record TimedWord(String text, double start, double end) {

    /** The same word {@code seconds} later, for a clip that starts that far into a longer one. */
    public TimedWord shifted(double seconds) {
        return new TimedWord(text, start + seconds, end + seconds);
    }
}
