package app.utter.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.springframework.core.env.Environment;
import org.springframework.util.FileSystemUtils;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * What the app under test has stored, read where it keeps audio (the local folder or the S3 test bucket), so that
 * the same suites check "nothing left behind" on either.
 */
public final class StoredAudio {

    private final Environment settings;

    public StoredAudio(Environment settings) {
        this.settings = settings;
    }

    private boolean inBucket() {
        return "s3".equalsIgnoreCase(settings.getProperty("utter.storage.type", "local"));
    }

    /** Every stored key below {@code prefix} (a folder such as {@code generations/<id>}; empty for all). */
    public List<String> keysUnder(String prefix) {
        if (inBucket()) {
            try (S3Client s3 = LocalS3.get().client()) {
                return s3.listObjectsV2Paginator(list -> list.bucket(bucket()).prefix(prefix.isEmpty() ? "" : prefix + "/"))
                        .contents().stream().map(S3Object::key).filter(key -> !key.startsWith(".health/")).toList();
            }
        }
        Path root = Path.of(settings.getRequiredProperty("utter.storage.local-root"));
        Path folder = prefix.isEmpty() ? root : root.resolve(prefix);
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes everything stored below {@code prefix}. */
    public void clear(String prefix) {
        if (inBucket()) {
            try (S3Client s3 = LocalS3.get().client()) {
                keysUnder(prefix).forEach(key -> s3.deleteObject(d -> d.bucket(bucket()).key(key)));
            }
            return;
        }
        try {
            FileSystemUtils.deleteRecursively(Path.of(settings.getRequiredProperty("utter.storage.local-root"))
                    .resolve(prefix));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String bucket() {
        return settings.getRequiredProperty("utter.storage.s3.bucket");
    }
}
