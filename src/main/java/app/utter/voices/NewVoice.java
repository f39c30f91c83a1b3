package app.utter.voices;

import org.springframework.core.io.InputStreamSource;

/**
 * What a person submits to create a voice. Fields arrive as typed, unchecked; {@link VoiceLibrary} validates them.
 *
 * @param transcript       what is said in the clip; left out, it is heard by the speech worker when it listens
 * @param consent          whether the consent statement was accepted; {@code null} when the client never asked
 * @param transcriptSource "heard" when the transcript is what the worker heard, unchanged; else "typed" or null
 * @param confirmMismatch  keep a transcript or language that differs from what the worker hears
 * @param description      the words a designed voice was made from (kept with it); null for a recorded clip
 */
public record NewVoice(String name, String transcript, String language, Boolean consent, UploadedAudio audio,
                       String transcriptSource, boolean confirmMismatch, String description) {

    public NewVoice(String name, String transcript, String language, Boolean consent, UploadedAudio audio) {
        this(name, transcript, language, consent, audio, null, false, null);
    }

    public NewVoice(String name, String transcript, String language, Boolean consent, UploadedAudio audio,
                    String transcriptSource, boolean confirmMismatch) {
        this(name, transcript, language, consent, audio, transcriptSource, confirmMismatch, null);
    }

    /** The uploaded clip: its bytes, the name the client gave the file and the size it declared. */
    public record UploadedAudio(InputStreamSource content, String filename, long size) {
    }
}
