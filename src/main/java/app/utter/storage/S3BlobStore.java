package app.utter.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Keeps blobs in an S3-compatible bucket under the same keys as the local folder. Files stream from disk, large ones
 * in parts (an upload that fails is aborted, so no part is left); reads stream from the bucket and a range read asks
 * the store for that range only.
 */
class S3BlobStore implements BlobStore, AutoCloseable {

    private static final Pattern SAFE_KEY = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

    private final S3Client s3;
    private final S3Presigner presigner;
    private final StorageProperties.S3 settings;

    S3BlobStore(StorageProperties.S3 settings) {
        if (settings.bucket() == null || settings.bucket().isBlank()) {
            throw new IllegalStateException("utter.storage.s3.bucket is not set: name the bucket to keep audio in");
        }
        this.settings = settings;
        AwsCredentialsProvider credentials = settings.accessKey() == null || settings.accessKey().isBlank()
                ? DefaultCredentialsProvider.builder().build()
                : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(),
                        settings.secretKey()));
        S3Configuration addressing = S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build();
        var client = S3Client.builder().region(Region.of(settings.region())).credentialsProvider(credentials)
                .serviceConfiguration(addressing).httpClient(UrlConnectionHttpClient.create());
        var signer = S3Presigner.builder().region(Region.of(settings.region())).credentialsProvider(credentials)
                .serviceConfiguration(addressing);
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            client.endpointOverride(URI.create(settings.endpoint()));
            signer.endpointOverride(URI.create(settings.endpoint()));
        }
        this.s3 = client.build();
        this.presigner = signer.build();
    }

    @Override
    public void put(String key, Path source) throws IOException {
        put(key, source, java.util.Map.of());
    }

    /** Stores the file with this user metadata (such as its checksum, for a migration to verify). */
    void put(String key, Path source, java.util.Map<String, String> metadata) throws IOException {
        long size = Files.size(source);
        try {
            if (size >= settings.multipartThreshold().toBytes()) {
                try (InputStream in = Files.newInputStream(source)) {
                    putInParts(checked(key), in, size, metadata);
                }
            } else {
                s3.putObject(put -> put.bucket(settings.bucket()).key(checked(key)).metadata(metadata),
                        RequestBody.fromFile(source));
            }
        } catch (SdkException e) {
            throw new IOException("Could not store " + key + " in bucket " + settings.bucket(), e);
        }
    }

    /**
     * Uploads {@code size} bytes of {@code in} in parts, one part in memory at a time (signing reads a part twice);
     * a failure on the way aborts the upload.
     */
    void putInParts(String key, InputStream in, long size, java.util.Map<String, String> metadata)
            throws IOException {
        String upload = s3.createMultipartUpload(create -> create.bucket(settings.bucket()).key(key)
                .metadata(metadata)).uploadId();
        try {
            byte[] buffer = new byte[(int) settings.partSize().toBytes()];
            List<CompletedPart> parts = new ArrayList<>();
            for (long sent = 0; sent < size; ) {
                int length = (int) Math.min(buffer.length, size - sent);
                if (in.readNBytes(buffer, 0, length) < length) {
                    throw new IOException("the file ended before its " + size + " bytes were read");
                }
                int part = parts.size() + 1;
                String etag = s3.uploadPart(request -> request.bucket(settings.bucket()).key(key).uploadId(upload)
                        .partNumber(part), RequestBody.fromByteBuffer(java.nio.ByteBuffer.wrap(buffer, 0, length)))
                        .eTag();
                parts.add(CompletedPart.builder().partNumber(part).eTag(etag).build());
                sent += length;
            }
            s3.completeMultipartUpload(complete -> complete.bucket(settings.bucket()).key(key).uploadId(upload)
                    .multipartUpload(done -> done.parts(parts)));
        } catch (IOException | RuntimeException e) { // nothing half-stored: the parts sent so far are dropped
            s3.abortMultipartUpload(abort -> abort.bucket(settings.bucket()).key(key).uploadId(upload));
            throw e;
        }
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        try {
            s3.putObject(put -> put.bucket(settings.bucket()).key(checked(key)), RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw new IOException("Could not store " + key + " in bucket " + settings.bucket(), e);
        }
    }

    @Override
    public Optional<Resource> get(String key) {
        return describe(key).map(head -> new S3Resource(s3, settings.bucket(), key, head));
    }

    /** The object's size and user metadata, if it is there. */
    Optional<HeadObjectResponse> describe(String key) {
        try {
            return Optional.of(s3.headObject(h -> h.bucket(settings.bucket()).key(checked(key))));
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Optional<URI> downloadLink(Resource stored, String filename, String mediaType, Duration validFor) {
        if (!(stored instanceof S3Resource object) || !object.bucket().equals(settings.bucket())) {
            return Optional.empty(); // made by the app on the fly, not kept in this bucket
        }
        ContentDisposition.Builder attachment = ContentDisposition.attachment();
        String disposition = (StandardCharsets.US_ASCII.newEncoder().canEncode(filename) ? attachment.filename(filename)
                : attachment.filename(filename, StandardCharsets.UTF_8)).build().toString();
        return Optional.of(URI.create(presigner.presignGetObject(presign -> presign.signatureDuration(validFor)
                .getObjectRequest(get -> get.bucket(settings.bucket()).key(object.key())
                        .responseContentDisposition(disposition).responseContentType(mediaType))).url().toString()));
    }

    @Override
    public void delete(String key) throws IOException {
        try {
            s3.deleteObject(d -> d.bucket(settings.bucket()).key(checked(key)));
        } catch (SdkException e) {
            throw new IOException("Could not delete " + key + " from bucket " + settings.bucket(), e);
        }
    }

    /** The key itself and every key below it, as a folder and its files. */
    @Override
    public void deleteAll(String prefix) throws IOException {
        checked(prefix);
        try {
            for (var page : s3.listObjectsV2Paginator(list -> list.bucket(settings.bucket()).prefix(prefix))) {
                List<ObjectIdentifier> below = page.contents().stream().map(S3Object::key)
                        .filter(key -> key.equals(prefix) || key.startsWith(prefix + "/"))
                        .map(key -> ObjectIdentifier.builder().key(key).build()).toList();
                if (!below.isEmpty()) {
                    s3.deleteObjects(d -> d.bucket(settings.bucket()).delete(del -> del.objects(below).quiet(true)));
                }
            }
        } catch (SdkException e) {
            throw new IOException("Could not delete " + prefix + " from bucket " + settings.bucket(), e);
        }
    }

    @Override
    public void checkWritable() throws IOException {
        String probe = ".health/" + java.util.UUID.randomUUID();
        put(probe, new byte[0]);
        delete(probe);
    }

    @Override
    public void close() {
        presigner.close();
        s3.close();
    }

    private static String checked(String key) {
        if (!SAFE_KEY.matcher(key).matches() || key.contains("..")) {
            throw new IllegalArgumentException("Not a valid blob key: " + key);
        }
        return key;
    }
}
