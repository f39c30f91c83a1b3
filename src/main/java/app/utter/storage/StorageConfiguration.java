package app.utter.storage;

import java.io.IOException;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The blob store {@code utter.storage.type} names: the local folder (the default) or an S3-compatible bucket. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    @Bean
    BlobStore blobStore(StorageProperties properties) throws IOException {
        return switch (properties.type()) {
            case LOCAL -> new LocalBlobStore(properties);
            case S3 -> new S3BlobStore(properties.s3());
        };
    }
}
