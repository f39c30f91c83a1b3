package app.utter.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.core.io.Resource;

/**
 * Where Utter keeps audio files, addressed by slash-separated keys such as {@code voices/<id>/reference.wav}.
 * The local folder and an S3-compatible bucket are the two implementations; callers do not know which they use.
 */
public interface BlobStore {

    /** Stores a copy of {@code source} under {@code key}, replacing what was there; all or nothing. */
    void put(String key, Path source) throws IOException;

    /** Stores {@code content} under {@code key}, replacing what was there; all or nothing. */
    void put(String key, byte[] content) throws IOException;

    /** The stored bytes, as a resource that supports range reads, or empty when nothing is stored there. */
    Optional<Resource> get(String key);

    /**
     * A link from which a browser saves {@code stored} (a resource this store gave) straight from the store as
     * {@code filename}, valid for {@code validFor}; empty for a store that cannot give one (the local folder).
     */
    default Optional<java.net.URI> downloadLink(Resource stored, String filename, String mediaType,
            java.time.Duration validFor) {
        return Optional.empty();
    }

    /** Removes what is stored under {@code key}; removing a missing key is not an error. */
    void delete(String key) throws IOException;

    /** Removes every key that starts with {@code prefix}. */
    void deleteAll(String prefix) throws IOException;

    /** Confirms the store can be written to now, for the health check. */
    void checkWritable() throws IOException;
}
