package app.utter.storage;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Where Utter keeps audio: a local folder (the default), or an S3-compatible bucket.
 *
 * @param type      {@code local} or {@code s3}
 * @param localRoot the local folder
 */
@ConfigurationProperties("utter.storage")
public record StorageProperties(@DefaultValue("local") Type type, Path localRoot, @DefaultValue S3 s3) {

    public enum Type { LOCAL, S3 }

    /**
     * An S3-compatible bucket: AWS S3, Cloudflare R2, MinIO, Backblaze B2 and the like.
     *
     * @param endpoint           the store's address; empty for AWS S3 itself
     * @param region             the bucket's region ({@code auto} for R2)
     * @param pathStyle          the bucket in the path rather than in the host name (MinIO and most self-hosted
     *                           stores need it)
     * @param accessKey          with {@code secretKey}; when empty, the AWS SDK's default chain (environment,
     *                           profile, instance role)
     * @param multipartThreshold files at least this large are uploaded in parts of {@code partSize}
     * @param presignedDownloads audio downloads (saved as files) are sent to the bucket by a link valid for
     *                           {@code presignedFor}, so that the bucket serves them instead of the app
     */
    public record S3(String bucket, String endpoint, @DefaultValue("us-east-1") String region,
                     @DefaultValue("false") boolean pathStyle, String accessKey, String secretKey,
                     @DefaultValue("16MB") DataSize multipartThreshold, @DefaultValue("8MB") DataSize partSize,
                     @DefaultValue("false") boolean presignedDownloads, @DefaultValue("15m") Duration presignedFor) {

        /** Settings for a bucket, with the default upload sizes and no presigned downloads. */
        public static S3 bucket(String bucket, String endpoint, String region, boolean pathStyle, String accessKey,
                                String secretKey) {
            return new S3(bucket, endpoint, region, pathStyle, accessKey, secretKey, DataSize.ofMegabytes(16),
                    DataSize.ofMegabytes(8), false, Duration.ofMinutes(15));
        }
    }
}
