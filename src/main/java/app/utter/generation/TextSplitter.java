package app.utter.generation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into chunks that each stay well inside the worker's time limit: at sentence ends (Latin and CJK
 * punctuation), packing short sentences together; an overlong sentence is split at clause marks, then between
 * words, and only CJK text (which has no spaces) is ever split between characters.
 */
public final class TextSplitter {

    static final Duration PARAGRAPH_PAUSE = Duration.ofMillis(500);
    static final Duration SENTENCE_PAUSE = Duration.ofMillis(250);
    static final Duration CLAUSE_PAUSE = Duration.ofMillis(120);

    // A sentence ends at . ! ? … (with any closing quotes) before a space, at CJK 。！？； anywhere, or at a line break.
    private static final Pattern SENTENCE_END = Pattern.compile(
            "(?<=[.!?…][\"'”’)\\]]{0,2})\\s+|(?<=[。！？；!?][」』”’）)]{0,2})|\\n+");
    private static final Pattern CLAUSE_END = Pattern.compile("(?<=[,;:，、；：—])\\s*");
    private static final Pattern CJK = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]");

    private final int latinLimit;
    private final int cjkLimit;

    /** Chunk sizes from the worker protocol: ~300 characters of Latin script, ~100 of CJK. */
    public TextSplitter() {
        this(300, 100);
    }

    TextSplitter(int latinLimit, int cjkLimit) {
        this.latinLimit = latinLimit;
        this.cjkLimit = cjkLimit;
    }

    public List<TextChunk> split(String text) {
        String clean = text.replace("\r\n", "\n").replaceAll("[ \\t\\u00A0]+", " ").strip();
        int limit = mostlyCjk(clean) ? cjkLimit : latinLimit;
        List<TextChunk> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (Piece sentence : sentences(clean)) {
            for (Piece piece : fit(sentence, limit)) {
                if (current.length() > 0 && current.length() + 1 + piece.text().length() > limit) {
                    chunks.add(new TextChunk(current.toString(), SENTENCE_PAUSE));
                    current.setLength(0);
                }
                if (current.length() > 0 && !joinsWithoutSpace(current.charAt(current.length() - 1))) {
                    current.append(' ');
                }
                current.append(piece.text());
                if (!piece.pauseAfter().equals(SENTENCE_PAUSE)) {
                    chunks.add(new TextChunk(current.toString(), piece.pauseAfter()));
                    current.setLength(0);
                }
            }
        }
        if (current.length() > 0) {
            chunks.add(new TextChunk(current.toString(), SENTENCE_PAUSE));
        }
        return List.copyOf(chunks);
    }

    private record Piece(String text, Duration pauseAfter) {
    }

    private static List<Piece> sentences(String text) {
        List<Piece> pieces = new ArrayList<>();
        Matcher end = SENTENCE_END.matcher(text);
        int start = 0;
        while (end.find()) {
            if (end.end() == 0 || end.start() < start) {
                continue;
            }
            addPiece(pieces, text.substring(start, end.start()), end.group().contains("\n\n") ? PARAGRAPH_PAUSE : SENTENCE_PAUSE);
            start = end.end();
        }
        addPiece(pieces, text.substring(start), SENTENCE_PAUSE);
        return pieces;
    }

    private static void addPiece(List<Piece> pieces, String text, Duration pause) {
        String stripped = text.strip();
        if (!stripped.isEmpty()) {
            pieces.add(new Piece(stripped, pause));
        }
    }

    /** Breaks a sentence longer than {@code limit} at clause marks, then spaces, then (CJK only) characters. */
    private static List<Piece> fit(Piece sentence, int limit) {
        if (sentence.text().length() <= limit) {
            return List.of(sentence);
        }
        List<Piece> out = new ArrayList<>();
        String rest = sentence.text();
        while (rest.length() > limit) {
            int cut = lastMatchEnd(CLAUSE_END, rest, limit);
            Duration pause = CLAUSE_PAUSE;
            if (cut <= 0) {
                cut = rest.lastIndexOf(' ', limit);
                pause = Duration.ZERO;
            }
            if (cut <= 0) {
                cut = isCjk(rest.charAt(limit - 1)) ? limit : nextSpaceOrEnd(rest, limit);
            }
            out.add(new Piece(rest.substring(0, cut).strip(), pause));
            rest = rest.substring(cut).strip();
        }
        if (!rest.isEmpty()) {
            out.add(new Piece(rest, sentence.pauseAfter()));
        }
        return out;
    }

    private static int lastMatchEnd(Pattern pattern, String text, int limit) {
        Matcher matcher = pattern.matcher(text.substring(0, limit));
        int last = -1;
        while (matcher.find()) {
            if (matcher.end() > 0 && matcher.end() <= limit) {
                last = matcher.end();
            }
        }
        return last;
    }

    /** A single "word" longer than the limit (a URL, say) is kept whole rather than cut. */
    private static int nextSpaceOrEnd(String text, int from) {
        int space = text.indexOf(' ', from);
        return space < 0 ? text.length() : space;
    }

    private static boolean mostlyCjk(String text) {
        long cjk = CJK.matcher(text).results().count();
        long letters = text.codePoints().filter(Character::isLetter).count();
        return letters > 0 && cjk * 3 >= letters;
    }

    /** CJK text and its punctuation are written without spaces between sentences. */
    private static boolean joinsWithoutSpace(char c) {
        Character.UnicodeBlock block = Character.UnicodeBlock.of(c);
        return isCjk(c) || block == Character.UnicodeBlock.CJK_SYMBOLS_AND_PUNCTUATION
                || block == Character.UnicodeBlock.HALFWIDTH_AND_FULLWIDTH_FORMS;
    }

    private static boolean isCjk(char c) {
        return CJK.matcher(String.valueOf(c)).matches();
    }
}
