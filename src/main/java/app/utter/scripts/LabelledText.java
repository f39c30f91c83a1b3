package app.utter.scripts;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text with speaker labels, as people paste dialogue and narration: {@code Narrator: ...} starts a speaker's
 * line, a line without a label goes on with the last speaker, a blank line ends a paragraph, {@code # Title} is a
 * heading that starts a chapter. Text before any label is the narrator's. Paragraphs longer than
 * {@link #MAX_SEGMENT} are cut at sentence ends into segments that continue one another.
 */
final class LabelledText {

    static final int MAX_SEGMENT = 2_000;
    static final String FIRST_SPEAKER = "Narrator";

    /** One parsed segment; {@code speaker} is null for a heading. */
    record Piece(String speaker, String text, boolean heading, boolean continues) {
    }

    record Parsed(List<Piece> pieces, Set<String> speakers) {
    }

    // A label: up to four words of letters, digits, dots, apostrophes or hyphens, then a colon (full-width too).
    private static final Pattern LABEL = Pattern.compile(
            "^\\s*(\\p{L}[\\p{L}\\p{N}.'’-]*(?: [\\p{L}\\p{N}.'’-]+){0,3})\\s*[:：]\\s*(.*)$");
    private static final Pattern HEADING = Pattern.compile("^\\s*#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?…。！？])[\"”’»)]*\\s*");

    private LabelledText() {}

    static Parsed parse(String text) {
        List<Piece> pieces = new ArrayList<>();
        Set<String> speakers = new LinkedHashSet<>();
        String speaker = null;
        StringBuilder paragraph = new StringBuilder();
        String paragraphSpeaker = null;
        for (String line : text.replace("\r\n", "\n").replace('\r', '\n').split("\n", -1)) {
            Matcher heading = HEADING.matcher(line);
            Matcher label = LABEL.matcher(line);
            if (line.isBlank() || heading.matches() || label.matches()) {
                flush(pieces, paragraphSpeaker, paragraph);
            }
            if (line.isBlank()) {
                continue;
            }
            if (heading.matches()) {
                pieces.add(new Piece(null, heading.group(1), true, false));
                continue;
            }
            String words = line.strip();
            if (label.matches()) {
                speaker = label.group(1).strip();
                words = label.group(2).strip();
            } else if (speaker == null) {
                speaker = FIRST_SPEAKER;
            }
            if (words.isEmpty()) {
                continue;
            }
            speakers.add(speaker);
            paragraphSpeaker = speaker;
            paragraph.append(paragraph.isEmpty() ? "" : " ").append(words);
        }
        flush(pieces, paragraphSpeaker, paragraph);
        return new Parsed(pieces, speakers);
    }

    private static void flush(List<Piece> pieces, String speaker, StringBuilder paragraph) {
        if (paragraph.isEmpty()) {
            return;
        }
        List<String> parts = cut(paragraph.toString());
        for (int i = 0; i < parts.size(); i++) {
            pieces.add(new Piece(speaker, parts.get(i), false, i < parts.size() - 1));
        }
        paragraph.setLength(0);
    }

    /** The paragraph in parts of at most {@link #MAX_SEGMENT} characters, cut after a sentence where possible. */
    static List<String> cut(String paragraph) {
        List<String> parts = new ArrayList<>();
        String rest = paragraph;
        while (rest.length() > MAX_SEGMENT) {
            int at = -1;
            Matcher end = SENTENCE_END.matcher(rest);
            while (end.find() && end.end() <= MAX_SEGMENT) {
                if (end.end() > 0 && end.end() < rest.length()) {
                    at = end.end();
                }
            }
            if (at <= 0) {
                int space = rest.lastIndexOf(' ', MAX_SEGMENT);
                at = space > 0 ? space : MAX_SEGMENT; // no sentence end, no space: CJK without punctuation
            }
            parts.add(rest.substring(0, at).strip());
            rest = rest.substring(at).strip();
        }
        if (!rest.isEmpty()) {
            parts.add(rest);
        }
        return parts;
    }
}
