package app.utter.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Moves an instance's audio from its local folder into an S3-compatible bucket, once: every file is uploaded with
 * its SHA-256 and checked against what the bucket then holds; a file already there with the same checksum is left
 * alone, so a run that was interrupted goes on where it stopped. When every file is in the bucket, the instance is
 * switched over: {@code storage.properties} in its data folder names the bucket from the next start on. The local
 * files stay until the operator removes them.
 */
final class StorageMigration {

    static final String SWITCH_FILE = "storage.properties";
    private static final String CHECKSUM = "sha256";

    /** What a run did. */
    record Result(int uploaded, int alreadyThere, long bytes) {
    }

    private final Path localRoot;
    private final S3BlobStore bucket;
    private final Consumer<String> progress;

    StorageMigration(Path localRoot, S3BlobStore bucket, Consumer<String> progress) {
        this.localRoot = localRoot.toAbsolutePath().normalize();
        this.bucket = bucket;
        this.progress = progress;
    }

    /** Copies and verifies every file; throws on the first one the bucket does not hold as it should. */
    Result copy() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(localRoot)) {
            files = walk.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().endsWith(".partial"))
                    .sorted().toList();
        }
        int uploaded = 0;
        int alreadyThere = 0;
        long bytes = 0;
        for (Path file : files) {
            String key = localRoot.relativize(file).toString().replace('\\', '/');
            String sha256 = sha256(file);
            long size = Files.size(file);
            if (holds(key, sha256, size)) {
                alreadyThere++;
                continue;
            }
            bucket.put(key, file, Map.of(CHECKSUM, sha256));
            if (!holds(key, sha256, size)) {
                throw new IOException("The bucket does not hold " + key + " as it was sent; run the migration again");
            }
            uploaded++;
            bytes += size;
            progress.accept(key);
        }
        return new Result(uploaded, alreadyThere, bytes);
    }

    /** Names the bucket in the data folder's {@value #SWITCH_FILE}, read at every start from now on. */
    void switchOver(Path dataDir, StorageProperties.S3 settings) throws IOException {
        Properties switched = new Properties();
        switched.setProperty("utter.storage.type", "s3");
        switched.setProperty("utter.storage.s3.bucket", settings.bucket());
        switched.setProperty("utter.storage.s3.region", settings.region());
        switched.setProperty("utter.storage.s3.path-style", String.valueOf(settings.pathStyle()));
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            switched.setProperty("utter.storage.s3.endpoint", settings.endpoint());
        }
        if (settings.accessKey() != null && !settings.accessKey().isBlank()) {
            switched.setProperty("utter.storage.s3.access-key", settings.accessKey());
            switched.setProperty("utter.storage.s3.secret-key", settings.secretKey());
        }
        Path partial = Files.createTempFile(dataDir, ".storage", ".partial");
        try {
            Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-------")); // it may hold a key
        } catch (UnsupportedOperationException notPosix) {
            // the folder's own permissions guard it
        }
        try (var out = Files.newBufferedWriter(partial)) {
            switched.store(out, "Utter keeps its audio in this bucket (written by the storage migration)");
        }
        Files.move(partial, dataDir.resolve(SWITCH_FILE), StandardCopyOption.REPLACE_EXISTING,
                StandardCopyOption.ATOMIC_MOVE);
    }

    private boolean holds(String key, String sha256, long size) {
        return bucket.describe(key).map(head -> head.contentLength() == size
                && sha256.equals(head.metadata().get(CHECKSUM))).orElse(false);
    }

    static String sha256(Path file) {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
