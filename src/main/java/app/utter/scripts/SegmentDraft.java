package app.utter.scripts;

/**
 * A segment as written or changed by a person; on a change, fields left null stay as they are.
 *
 * @param voiceId  one of the person's voices, or a preset speaker ({@code preset:<name>})
 * @param language a language, or null for the voice's
 */
record SegmentDraft(String text, String voiceId, String language, String instructions, Boolean heading,
                    String speaker, Boolean continues) {
}
