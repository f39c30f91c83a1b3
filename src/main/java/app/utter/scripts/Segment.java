package app.utter.scripts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One piece of a script, spoken by one voice.
 *
 * @param heading      starts a chapter (its text is the chapter's title, spoken too)
 * @param speaker      the label it was written under, or null
 * @param language     the language to speak it in; null for the voice's own
 * @param continues    the next segment goes on with the same paragraph (a sentence's pause, not a paragraph's)
 * @param locked       its chosen take stays: the segment can be neither edited nor rendered again until unlocked
 * @param takeId       the chosen take, or null before the first render
 * @param renderWanted waiting for its turn to be rendered
 * @param renderError  why the last render could not even start (a deleted voice, no characters left), or null
 */
record Segment(String id, String scriptId, int position, boolean heading, String speaker, String voiceId,
               String language, String instructions, String text, boolean continues, boolean locked, String takeId,
               boolean renderWanted, String renderError) {

    /** What a take must have been made from to be this segment's audio: voice, language, instructions, text. */
    String fingerprint() {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {voiceId, language, instructions, text}) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
