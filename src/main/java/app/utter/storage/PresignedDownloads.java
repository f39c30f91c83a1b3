package app.utter.storage;

import java.net.URI;
import java.util.Optional;

import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Links that let a browser save audio straight from the bucket, when {@code utter.storage.s3.presigned-downloads}
 * is on: the bucket then serves the bytes of every download instead of the app.
 */
@Component
public class PresignedDownloads {

    private final BlobStore store;
    private final StorageProperties.S3 settings;
    private final boolean on;

    PresignedDownloads(BlobStore store, StorageProperties properties) {
        this.store = store;
        this.settings = properties.s3();
        this.on = properties.type() == StorageProperties.Type.S3 && settings.presignedDownloads();
    }

    /** A link to save {@code stored} as {@code filename}; empty when turned off or the file is not in the bucket. */
    public Optional<URI> linkFor(Resource stored, String filename, MediaType type) {
        return on ? store.downloadLink(stored, filename, type.toString(), settings.presignedFor()) : Optional.empty();
    }
}
