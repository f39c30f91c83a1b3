package app.utter.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;

/** Keeps blobs as files below one folder; writes go to a temporary file first and are then moved into place. */
class LocalBlobStore implements BlobStore {

    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final Path root;

    LocalBlobStore(StorageProperties properties) throws IOException {
        this.root = Files.createDirectories(properties.localRoot().toAbsolutePath().normalize());
    }

    @Override
    public void put(String key, Path source) throws IOException {
        replace(key, partial -> Files.copy(source, partial));
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        replace(key, partial -> Files.write(partial, content));
    }

    private interface Writing {
        void to(Path partial) throws IOException;
    }

    /** Writes beside the target, then renames: readers see the old file or the new one, never half of one. */
    private void replace(String key, Writing writing) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path partial = target.resolveSibling(target.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            writing.to(partial);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    @Override
    public Optional<Resource> get(String key) {
        Path file = resolve(key);
        return Files.isRegularFile(file) ? Optional.of(new FileSystemResource(file)) : Optional.empty();
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        Path folder = resolve(prefix);
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    @Override
    public void checkWritable() throws IOException {
        Path probe = Files.createTempFile(root, ".health", ".tmp");
        Files.delete(probe);
    }

    private Path resolve(String key) {
        if (!SAFE_KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("Not a valid blob key: " + key);
        }
        return root.resolve(key);
    }
}
