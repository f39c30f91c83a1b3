package app.utter.voices;

import org.springframework.core.io.InputStreamSource;

/**
 * What a person submits to create a voice. Fields arrive as typed, unchecked; {@link VoiceLibrary} validates them.
 *
 * @param consent whether the consent statement was accepted; {@code null} when the client never asked
 */
public record NewVoice(String name, String transcript, String language, Boolean consent, UploadedAudio audio) {

    /** The uploaded clip: its bytes, the name the client gave the file and the size it declared. */
    public record UploadedAudio(InputStreamSource content, String filename, long size) {
    }
}
