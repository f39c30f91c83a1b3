package app.utter.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import app.utter.support.ApiClient.Response;
import app.utter.support.LocalS3;
import tools.jackson.databind.JsonNode;

/**
 * The same generation tests with chunks and audio in an S3 bucket (the moto test server), downloads sent to the
 * bucket by presigned links.
 */
class S3GenerationTests extends GenerationTests {

    @DynamicPropertySource
    static void bucket(DynamicPropertyRegistry registry) {
        LocalS3.useFor(registry, "generations");
        registry.add("utter.storage.s3.presigned-downloads", () -> "true");
    }

    @Test
    void aDownloadIsServedByTheBucketAndPlayingByTheApp() {
        JsonNode done = awaitFinished(submit("Saved from the bucket itself.").json().get("id").asString());
        String audio = done.get("links").get("audio").asString();

        Response sent = api.get(audio + "?format=mp3&download=true");
        assertThat(sent.status()).isEqualTo(302);
        assertThat(URI.create(sent.header("Location")).getPort())
                .isEqualTo(URI.create(LocalS3.get().endpoint()).getPort());
        Response saved = api.download(audio + "?format=mp3&download=true");
        assertThat(saved.header("Content-Disposition")).isEqualTo("attachment; filename=\"utter-"
                + done.get("id").asString() + ".mp3\"");
        assertThat(saved.header("Content-Type")).isEqualTo("audio/mpeg");
        assertThat(saved.body()).isEqualTo(api.get(audio + "?format=mp3").body());

        Response played = api.get(audio, "Range", "bytes=0-99");
        assertThat(played.status()).as("played in the page: from the app, ranges and all").isEqualTo(206);
        assertThat(played.body()).hasSize(100);
    }
}
