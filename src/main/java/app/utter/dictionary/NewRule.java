package app.utter.dictionary;

/**
 * A rule as a person submits it, unchecked: {@code language} null or "all" for every language; {@code wholeWord}
 * true and {@code caseSensitive} false when left out.
 */
record NewRule(String phrase, String alias, String language, Boolean wholeWord, Boolean caseSensitive) {
}
