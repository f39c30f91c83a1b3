package app.utter.voices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.AudioFixtures;
import app.utter.support.LocalS3;
import app.utter.support.StoredAudio;

/** The voice API with its audio in an S3 bucket (the moto test server) instead of the local folder. */
class S3VoiceApiTests extends VoiceApiTests {

    @DynamicPropertySource
    static void bucket(DynamicPropertyRegistry registry) {
        registry.add("utter.data-dir", () -> H2VoiceApiTests.tempDir("utter-s3-voices-"));
        LocalS3.useFor(registry, "voices");
    }

    @Test
    void aVoiceIsKeptInTheBucketAndServedFromIt() {
        AudioFixtures.Clip clip = AudioFixtures.voiceClips().getFirst();
        String id = create("Bucketed", clip.path(), clip.transcript(), clip.language()).json().get("id").asString();

        assertThat(new StoredAudio(settings).keysUnder("voices/" + id)).isNotEmpty();
        assertThat(api.get("/api/v1/voices/" + id + "/audio", "Range", "bytes=44-1043").status()).isEqualTo(206);
        assertThat(api.get("/api/v1/voices/" + id + "/audio", "Range", "bytes=44-1043").body()).hasSize(1000);
        assertThat(api.get("/actuator/health").json().get("components").get("storage").get("details").get("kind")
                .asString()).isEqualTo("S3BlobStore");
    }
}
