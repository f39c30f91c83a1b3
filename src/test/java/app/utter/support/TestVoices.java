package app.utter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.springframework.core.io.FileSystemResource;

import app.utter.accounts.Owner;
import app.utter.voices.NewVoice;
import app.utter.voices.Voice;
import app.utter.voices.VoiceLibrary;

/** Creates voices from fixture clips straight through the library, for tests about what comes after. */
public final class TestVoices {

    private TestVoices() {
    }

    public static Voice create(VoiceLibrary library, Owner owner, String name, AudioFixtures.Clip clip) {
        try {
            NewVoice.UploadedAudio audio = new NewVoice.UploadedAudio(new FileSystemResource(clip.path()), clip.file(),
                    Files.size(clip.path()));
            return library.create(owner, new NewVoice(name, clip.transcript(), clip.language(), true, audio),
                    VoiceLibrary.CONSENT_EXPLICIT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
