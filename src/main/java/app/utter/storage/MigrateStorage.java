package app.utter.storage;

import java.io.IOException;
import java.nio.file.Path;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The one-shot storage migration ({@code ./utter migrate-storage}): reads Utter's settings as the app does
 * (application.yml, environment, command line), copies the local folder into the bucket they name and switches the
 * instance over. Run it with the instance stopped; run it again if it was interrupted.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(StorageProperties.class)
public class MigrateStorage {

    public static void main(String[] args) throws IOException {
        StorageMigration.Result result = run(args);
        System.out.printf("%d files copied (%,d bytes), %d already in the bucket; Utter uses the bucket from its "
                + "next start. The local folder is left as it was.%n", result.uploaded(), result.bytes(),
                result.alreadyThere());
    }

    static StorageMigration.Result run(String... args) throws IOException {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(MigrateStorage.class)
                .web(WebApplicationType.NONE).logStartupInfo(false).run(args)) {
            StorageProperties settings = context.getBean(StorageProperties.class);
            Path dataDir = Path.of(context.getEnvironment().getRequiredProperty("utter.data-dir"));
            try (S3BlobStore bucket = new S3BlobStore(settings.s3())) {
                StorageMigration migration = new StorageMigration(settings.localRoot(), bucket,
                        key -> System.out.println("copied " + key));
                StorageMigration.Result result = migration.copy();
                migration.switchOver(dataDir, settings.s3());
                return result;
            }
        }
    }
}
