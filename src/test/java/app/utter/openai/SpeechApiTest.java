package app.utter.openai;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.FileSystemResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.accounts.Accounts;
import app.utter.audio.ReferenceAudioImporter;
import app.utter.audio.UnusableAudioException;
import app.utter.generation.Generation;
import app.utter.generation.Generations;
import app.utter.support.AudioFixtures;
import app.utter.support.TestAccounts;
import app.utter.tts.FakeWorker;
import app.utter.voices.NewVoice;
import app.utter.voices.VoiceLibrary;
import app.utter.voices.VoicePrompts;

/**
 * The app on a random port with the fake worker speaking 10 ms per character, one chunk at a time, and a fresh
 * voice with a name of its own for each test. Both speech test classes share this one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "utter.generation.poll=50ms", "utter.generation.parallel-chunks=1", "utter.generation.retry-delay=10ms",
        "utter.tts.worker.max-retries=1", "utter.tts.worker.retry-delay=10ms"})
abstract class SpeechApiTest {

    /** Lives as long as the cached application context that talks to it. */
    static final FakeWorker WORKER = FakeWorker.started();

    @LocalServerPort
    int port;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    VoiceLibrary voices;

    @Autowired
    VoicePrompts prompts;

    @Autowired
    Generations generations;

    @Autowired
    ReferenceAudioImporter importer;

    @Autowired
    Accounts accounts;

    /** The account the test speaks as, through its API key. */
    TestAccounts.TestUser user;
    String voiceId;
    String voiceName;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("utter-openai-");
        registry.add("utter.data-dir", dir::toString);
        registry.add("utter.tts.worker.base-url", WORKER::baseUrl);
    }

    @BeforeEach
    void voice() throws IOException {
        WORKER.latency(Duration.ZERO, Duration.ZERO);
        user = new TestAccounts(accounts, port).newUser("speaker");
        voiceName = "Narrator " + UUID.randomUUID().toString().substring(0, 8);
        voiceId = createVoice(voiceName);
    }

    String createVoice(String name) throws IOException {
        AudioFixtures.Clip clip = AudioFixtures.voiceClips().getFirst();
        String id = voices.create(user.owner(), new NewVoice(name, clip.transcript(), "English", true,
                new NewVoice.UploadedAudio(new FileSystemResource(clip.path()), clip.file(), Files.size(clip.path()))),
                VoiceLibrary.CONSENT_EXPLICIT).id();
        prompts.forVoice(id);
        return id;
    }

    /** How long {@code audio} (any format FFmpeg reads) plays, decoded by the app's own importer. */
    Duration decodedDuration(byte[] audio) throws IOException, UnusableAudioException {
        Path file = Files.createTempFile("utter-speech-", ".audio");
        Path wav = Files.createTempFile("utter-speech-", ".wav");
        try {
            Files.write(file, audio);
            return importer.importClip(file, wav, Duration.ofMinutes(10)).sourceDuration();
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(wav);
        }
    }

    Generation awaitFinished(String id) throws InterruptedException {
        for (int i = 0; i < 600 && !generations.get(user.owner(), id).status().finished(); i++) {
            Thread.sleep(50);
        }
        return generations.get(user.owner(), id);
    }
}
