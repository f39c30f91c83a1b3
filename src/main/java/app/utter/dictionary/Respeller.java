package app.utter.dictionary;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a text by a set of rules in one pass: at each place the longest phrase that matches wins, and what a
 * rule put in is never rewritten again. Whole-word rules need a letter or digit on neither side, except for phrases
 * in Chinese, Japanese or Korean script, which are written without spaces between words.
 */
final class Respeller {

    /** One replacement made: where in the original text, what was there and what is said instead. */
    record Replacement(int at, String phrase, String alias) {
    }

    record Respelled(String text, List<Replacement> replacements) {
    }

    private static final Pattern CJK = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]");
    private static final String NOT_WORD = "[\\p{L}\\p{N}\\p{M}]";

    private final List<PronunciationRule> rules;
    private final Pattern pattern;

    Respeller(List<PronunciationRule> rules) {
        this.rules = rules.stream().sorted(Comparator.comparingInt((PronunciationRule r) -> r.phrase().length())
                .reversed()).toList();
        StringBuilder alternatives = new StringBuilder();
        for (int i = 0; i < this.rules.size(); i++) {
            alternatives.append(i == 0 ? "" : "|").append("(").append(regex(this.rules.get(i))).append(")");
        }
        this.pattern = this.rules.isEmpty() ? null : Pattern.compile(alternatives.toString());
    }

    Respelled respell(String text) {
        if (pattern == null) {
            return new Respelled(text, List.of());
        }
        Matcher matcher = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        List<Replacement> made = new ArrayList<>();
        while (matcher.find()) {
            PronunciationRule rule = rules.get(matchedGroup(matcher) - 1);
            made.add(new Replacement(matcher.start(), matcher.group(), rule.alias()));
            matcher.appendReplacement(out, Matcher.quoteReplacement(rule.alias()));
        }
        matcher.appendTail(out);
        return new Respelled(out.toString(), made);
    }

    private static int matchedGroup(Matcher matcher) {
        for (int group = 1; group <= matcher.groupCount(); group++) {
            if (matcher.group(group) != null) {
                return group;
            }
        }
        throw new IllegalStateException("a match without a rule");
    }

    private static String regex(PronunciationRule rule) {
        String phrase = Pattern.quote(rule.phrase());
        boolean bounded = rule.wholeWord() && !CJK.matcher(rule.phrase()).find();
        String core = rule.caseSensitive() ? phrase : "(?iu:" + phrase + ")";
        return bounded ? "(?<!" + NOT_WORD + ")" + core + "(?!" + NOT_WORD + ")" : core;
    }
}
