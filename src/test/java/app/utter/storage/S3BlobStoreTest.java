package app.utter.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.Resource;
import org.springframework.util.unit.DataSize;

import app.utter.support.LocalS3;
import software.amazon.awssdk.services.s3.S3Client;

/** Every operation of the S3 blob store against a real S3 API server (moto), on a bucket of its own per test. */
class S3BlobStoreTest {

    static final int MB = 1024 * 1024;

    LocalS3 server = LocalS3.get();
    S3Client bucketView = server.client();
    String bucket;
    S3BlobStore store;

    @BeforeEach
    void newBucket() {
        bucket = server.newBucket("blobs");
        store = new S3BlobStore(new StorageProperties.S3(bucket, server.endpoint(), "us-east-1", true,
                LocalS3.ACCESS_KEY, LocalS3.SECRET_KEY, DataSize.ofMegabytes(6), DataSize.ofMegabytes(5), false,
                Duration.ofMinutes(15)));
    }

    @AfterEach
    void close() {
        store.close();
        bucketView.close();
    }

    @Test
    void aFileAndBytesAreStoredReadAndReplaced() throws IOException {
        byte[] bytes = random(1000);
        Path file = Files.write(Files.createTempFile("blob-", ".bin"), bytes);
        store.put("voices/a/reference.wav", file);
        store.put("voices/a/original.bin", "first".getBytes());
        store.put("voices/a/original.bin", "second".getBytes());

        Resource stored = store.get("voices/a/reference.wav").orElseThrow();
        assertThat(stored.contentLength()).isEqualTo(1000);
        assertThat(stored.getContentAsByteArray()).isEqualTo(bytes);
        assertThat(stored.getFilename()).isEqualTo("reference.wav");
        assertThat(new String(store.get("voices/a/original.bin").orElseThrow().getContentAsByteArray()))
                .isEqualTo("second");
        assertThat(store.get("voices/a/missing.wav")).isEmpty();
        assertThatThrownBy(() -> store.put("../escape", bytes)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRangeIsReadFromWhereItStarts() throws IOException {
        byte[] bytes = random(200_000);
        store.put("generations/g/audio.wav", bytes);
        try (InputStream in = store.get("generations/g/audio.wav").orElseThrow().getInputStream()) {
            assertThat(in.skip(150_000)).isEqualTo(150_000);
            byte[] rest = in.readAllBytes();
            assertThat(rest).hasSize(50_000).isEqualTo(java.util.Arrays.copyOfRange(bytes, 150_000, 200_000));
        }
    }

    @Test
    void anObjectRemovedAfterItWasFoundFailsToReadAsARemovedFileDoes() throws IOException {
        store.put("generations/g/chunk-0.wav", random(1000));
        Resource found = store.get("generations/g/chunk-0.wav").orElseThrow();
        store.delete("generations/g/chunk-0.wav"); // as a job removes its chunks once it has stitched them
        assertThatThrownBy(found::getContentAsByteArray).isInstanceOf(java.io.FileNotFoundException.class);
    }

    @Test
    void aLargeFileGoesUpInPartsAndComesBackWhole() throws IOException {
        byte[] bytes = random(13 * MB);
        Path file = Files.write(Files.createTempFile("large-", ".wav"), bytes);
        store.put("scripts/s/whole.wav", file);

        assertThat(bucketView.headObject(h -> h.bucket(bucket).key("scripts/s/whole.wav")).eTag())
                .as("a multipart upload's ETag counts its parts").endsWith("-3\"");
        assertThat(store.get("scripts/s/whole.wav").orElseThrow().getContentAsByteArray()).isEqualTo(bytes);
    }

    @Test
    void anUploadThatFailsMidwayLeavesNothing() {
        InputStream failing = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (++sent > 7 * MB) {
                    throw new IOException("the disk went away");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> store.putInParts("scripts/s/broken.wav", failing, 12L * MB, java.util.Map.of()))
                .hasMessage("the disk went away");

        assertThat(store.get("scripts/s/broken.wav")).isEmpty();
        assertThat(bucketView.listMultipartUploads(list -> list.bucket(bucket)).uploads()).isEmpty();
    }

    @Test
    void deletingAFolderTakesEverythingBelowItAndNothingBeside() throws IOException {
        for (String key : new String[] {"generations/ab/audio.wav", "generations/ab/chunk-0000.wav",
                "generations/abc/audio.wav"}) {
            store.put(key, "x".getBytes());
        }
        store.deleteAll("generations/ab");
        store.delete("generations/none.wav");

        assertThat(store.get("generations/ab/audio.wav")).isEmpty();
        assertThat(store.get("generations/ab/chunk-0000.wav")).isEmpty();
        assertThat(store.get("generations/abc/audio.wav")).isPresent();
        store.delete("generations/abc/audio.wav");
        assertThat(bucketView.listObjectsV2(list -> list.bucket(bucket)).contents()).isEmpty();
    }

    @Test
    void aPresignedLinkDownloadsWithoutCredentials() throws Exception {
        store.put("generations/g/audio.mp3", "clip".getBytes());
        var link = store.downloadLink(store.get("generations/g/audio.mp3").orElseThrow(), "Chapter één.mp3",
                "audio/mpeg", Duration.ofMinutes(5)).orElseThrow();

        HttpResponse<String> download = HttpClient.newHttpClient().send(HttpRequest.newBuilder(link).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.body()).isEqualTo("clip");
        assertThat(download.headers().firstValue("Content-Type")).hasValue("audio/mpeg");
        assertThat(download.headers().firstValue("Content-Disposition").orElseThrow()).startsWith("attachment")
                .contains("filename*=UTF-8''Chapter%20%C3%A9%C3%A9n.mp3");
        assertThat(store.downloadLink(new org.springframework.core.io.ByteArrayResource(new byte[1]), "made.wav",
                "audio/wav", Duration.ofMinutes(5))).as("audio made on the fly has no link").isEmpty();
        store.checkWritable();
        assertThat(bucketView.listObjectsV2(list -> list.bucket(bucket).prefix(".health")).contents()).isEmpty();
    }

    static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }
}
