package app.utter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import app.utter.UtterApplication;
import app.utter.accounts.Accounts;
import app.utter.support.ApiClient;
import app.utter.support.AudioFixtures;
import app.utter.support.LocalS3;
import app.utter.support.TestAccounts;
import app.utter.support.TestVoices;
import app.utter.tts.FakeWorker;
import app.utter.voices.VoiceLibrary;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The one-shot move of a data folder's audio into a bucket: interrupted, run again to the end, every file checked,
 * and the instance started afterwards serves its voices and generations from the bucket alone.
 */
class StorageMigrationTests {

    @Test
    void aFolderOfVoicesAndGenerationsMovesToABucketAcrossAnInterruption() throws Exception {
        Path dataDir = Files.createTempDirectory("utter-migration-");
        Map<String, String> bucket = LocalS3.get().settings("migrated");
        try (FakeWorker worker = FakeWorker.started()) {
            String key;
            String voiceId;
            String generationId;
            try (ConfigurableApplicationContext local = start(dataDir, worker, Map.of())) {
                TestAccounts.TestUser user = new TestAccounts(local.getBean(Accounts.class), port(local)).newUser("mover");
                key = user.api().apiKey();
                voiceId = TestVoices.create(local.getBean(VoiceLibrary.class), user.owner(), "Moved",
                        AudioFixtures.voiceClips().getFirst()).id();
                generationId = user.api().awaitGeneration(user.api().postJson("/api/v1/generations",
                        Map.of("voice_id", voiceId, "text", "Said before the move.")).json().get("id").asString())
                        .get("id").asString();
            }
            Path audio = dataDir.resolve("audio");
            List<String> localFiles;
            try (var files = Files.walk(audio)) {
                localFiles = files.filter(Files::isRegularFile).map(f -> audio.relativize(f).toString()).sorted().toList();
            }
            assertThat(localFiles).hasSizeGreaterThanOrEqualTo(3);

            List<String> args = new ArrayList<>(List.of("--utter.data-dir=" + dataDir));
            bucket.forEach((name, value) -> args.add("--" + name + "=" + value));
            StorageProperties.S3 s3 = StorageProperties.S3.bucket(bucket.get("utter.storage.s3.bucket"),
                    LocalS3.get().endpoint(), "us-east-1", true, LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY);
            AtomicInteger copied = new AtomicInteger();
            try (S3BlobStore store = new S3BlobStore(s3)) {
                StorageMigration interrupted = new StorageMigration(audio, store, file -> {
                    if (copied.incrementAndGet() == 2) {
                        throw new IllegalStateException("the operator pressed Ctrl-C");
                    }
                });
                assertThatThrownBy(interrupted::copy).hasMessage("the operator pressed Ctrl-C");
            }
            assertThat(Files.exists(dataDir.resolve(StorageMigration.SWITCH_FILE))).isFalse();

            StorageMigration.Result resumed = MigrateStorage.run(args.toArray(String[]::new));
            assertThat(resumed.alreadyThere()).isEqualTo(2);
            assertThat(resumed.uploaded()).isEqualTo(localFiles.size() - 2);
            try (S3Client view = LocalS3.get().client()) {
                assertThat(view.listObjectsV2(list -> list.bucket(s3.bucket())).contents().stream().map(S3Object::key)
                        .sorted()).containsExactlyElementsOf(localFiles);
            }
            assertThat(MigrateStorage.run(args.toArray(String[]::new)).uploaded()).as("nothing left to copy").isZero();

            FileSystemUtils.deleteRecursively(audio); // from now on the bucket alone holds the audio
            try (ConfigurableApplicationContext moved = start(dataDir, worker, Map.of())) {
                ApiClient api = new ApiClient(port(moved)).withApiKey(key);
                assertThat(api.get("/api/v1/voices/" + voiceId + "/audio").status()).isEqualTo(200);
                assertThat(api.get("/api/v1/generations/" + generationId + "/audio?format=mp3").status())
                        .isEqualTo(200);
                assertThat(Files.exists(audio.resolve("voices"))).isFalse();
            }
        }
    }

    static ConfigurableApplicationContext start(Path dataDir, FakeWorker worker, Map<String, String> extra) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--utter.data-dir=" + dataDir, "--utter.tts.worker.base-url=" + worker.baseUrl(),
                "--utter.generation.poll=50ms"));
        extra.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(UtterApplication.class).run(args.toArray(String[]::new));
    }

    static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }
}
