package app.utter.voices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.accounts.Owner;
import app.utter.support.AudioFixtures;
import app.utter.support.TestVoices;
import app.utter.tts.FakeWorker;
import app.utter.tts.VoicePrompt;

/** Clone prompts are made once per voice through the worker (right after the voice is created), kept with the voice, and remade for a new model. */
@SpringBootTest
class VoicePromptsTests {

    static FakeWorker worker;

    @Autowired
    VoiceLibrary library;

    @Autowired
    VoicePrompts prompts;

    @Autowired
    app.utter.storage.BlobStore store;

    @Autowired
    VoiceRepository repository;

    @Value("${utter.data-dir}")
    Path dataDir;

    /** Voices made straight through the library belong to some account; here one without a sign-in. */
    static final Owner OWNER = new Owner("prompt-tests", "prompt-tests");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws Exception {
        worker = new FakeWorker();
        Path dir = Files.createTempDirectory("utter-prompts-");
        registry.add("utter.data-dir", dir::toString);
        registry.add("utter.tts.worker.base-url", worker::baseUrl);
    }

    @AfterAll
    static void stopWorker() {
        worker.close();
    }

    @Test
    void promptIsMadeOnceStoredAndRemadeForAnotherModel() throws Exception {
        AudioFixtures.Clip clip = AudioFixtures.TAIYI;
        int before = promptCalls().size(); // another test's voices may have asked already
        Voice voice = TestVoices.create(library, OWNER, "太乙", clip);

        java.time.Instant deadline = java.time.Instant.now().plusSeconds(10);
        while (promptCalls().size() == before && java.time.Instant.now().isBefore(deadline)) {
            Thread.sleep(10); // a new voice's prompt is made in the background, without being asked for
        }
        assertThat(promptCalls()).hasSize(before + 1);
        VoicePrompt first = prompts.forVoice(voice.id());
        VoicePrompt again = prompts.forVoice(voice.id());

        List<FakeWorker.Seen> calls = promptCalls();
        assertThat(calls).hasSize(before + 1);
        assertThat(calls.getLast().body().get("transcript").asString()).isEqualTo(clip.transcript());
        byte[] sentAudio = Base64.getDecoder().decode(calls.getLast().body().get("audio").asString());
        assertThat(sentAudio).isEqualTo(library.referenceAudio(OWNER, voice.id()).getContentAsByteArray());
        assertThat(first.model()).isEqualTo(FakeWorker.MODEL);
        assertThat(again).isEqualTo(first);

        worker.model("fake/utter-fake@rev2");
        VoicePrompt rebuilt = prompts.rebuild(voice.id());
        assertThat(rebuilt.model()).isEqualTo("fake/utter-fake@rev2");
        assertThat(prompts.forVoice(voice.id())).isEqualTo(rebuilt);
        assertThat(promptCalls()).hasSize(before + 2);

        library.delete(OWNER, voice.id());
        assertThat(dataDir.resolve("audio/voices/" + voice.id())).doesNotExist();
    }

    @Test
    void aPromptIsReadOnceThenKeptUntilTheDatabaseSaysItWasMadeAgain() throws Exception {
        Voice voice = TestVoices.create(library, OWNER, "Kept", AudioFixtures.voiceClips().getFirst());
        VoicePrompt made = prompts.forVoice(voice.id());
        String key = voice.storagePrefix() + "prompt.bin";

        store.put(key, "written behind Utter's back".getBytes());
        assertThat(prompts.forVoice(voice.id())).as("kept in memory: the store is not read again").isEqualTo(made);

        // As another instance sharing the database and the bucket does when it makes the prompt again.
        store.put(key, "made again elsewhere".getBytes());
        repository.savePromptTag(voice.id(), new VoiceRepository.PromptTag(made.model(), made.formatVersion(),
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS)));
        assertThat(new String(prompts.forVoice(voice.id()).bytes())).isEqualTo("made again elsewhere");
    }

    private static List<FakeWorker.Seen> promptCalls() {
        return worker.requests().stream().filter(r -> r.path().equals("/v1/prompts")).toList();
    }
}
