package app.utter.storage;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where the local blob store keeps its files. */
@ConfigurationProperties("utter.storage")
public record StorageProperties(Path localRoot) {
}
