package app.utter.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.springframework.core.io.Resource;

/**
 * Where Utter keeps audio files, addressed by slash-separated keys such as {@code voices/<id>/reference.wav}.
 * The local folder is one implementation; an S3-compatible store can be another without touching callers.
 */
public interface BlobStore {

    /** Stores a copy of {@code source} under {@code key}, replacing what was there; all or nothing. */
    void put(String key, Path source) throws IOException;

    /** Stores {@code content} under {@code key}, replacing what was there; all or nothing. */
    void put(String key, byte[] content) throws IOException;

    /** The stored bytes, as a resource that supports range reads, or empty when nothing is stored there. */
    Optional<Resource> get(String key);

    /** Removes what is stored under {@code key}; removing a missing key is not an error. */
    void delete(String key) throws IOException;

    /** Removes every key that starts with {@code prefix}. */
    void deleteAll(String prefix) throws IOException;

    /** Confirms the store can be written to now, for the health check. */
    void checkWritable() throws IOException;
}
