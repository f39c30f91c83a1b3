package app.utter.dictionary;

import java.time.Instant;

import app.utter.voices.Language;

/**
 * One rule of a person's dictionary: {@code phrase} is said as {@code alias}.
 *
 * @param language      the language it applies in; null for every language
 * @param wholeWord     only where the phrase stands as a word of its own (ignored for CJK phrases, which have no
 *                      word boundaries)
 * @param caseSensitive only in the case it is written in
 */
public record PronunciationRule(String id, String ownerId, String phrase, String alias, Language language,
                                boolean wholeWord, boolean caseSensitive, Instant createdAt) {
}
