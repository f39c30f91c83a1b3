package app.utter.storage;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;

import org.springframework.core.io.AbstractResource;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * An object in a bucket, read when asked. Its stream opens lazily, so that skipping to where a range starts (as a
 * range request does) asks the store for the bytes from there on instead of reading past the rest.
 */
final class S3Resource extends AbstractResource {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final HeadObjectResponse head;

    S3Resource(S3Client s3, String bucket, String key, HeadObjectResponse head) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.head = head;
    }

    String bucket() {
        return bucket;
    }

    String key() {
        return key;
    }

    @Override
    public String getDescription() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public String getFilename() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    @Override
    public long contentLength() {
        return head.contentLength();
    }

    @Override
    public long lastModified() {
        return head.lastModified().toEpochMilli();
    }

    @Override
    public boolean exists() {
        return true;
    }

    @Override
    public InputStream getInputStream() {
        return new RangeStream();
    }

    /** Reads from {@code position} on, opening the object at that offset on the first read. */
    private final class RangeStream extends InputStream {
        private long position;
        private InputStream open;

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (position >= contentLength()) {
                return -1;
            }
            if (open == null) {
                open = openFrom(position);
            }
            int read = open.read(buffer, offset, length);
            if (read > 0) {
                position += read;
            }
            return read;
        }

        /** Opens the object from {@code from} on; gone meanwhile, it fails as a removed file does: an IOException. */
        private InputStream openFrom(long from) throws IOException {
            try {
                return s3.getObject(get -> get.bucket(bucket).key(key).range("bytes=" + from + "-"));
            } catch (NoSuchKeyException removed) {
                throw new FileNotFoundException(getDescription() + " was removed");
            } catch (SdkException failed) {
                throw new IOException("Could not read " + getDescription(), failed);
            }
        }

        @Override
        public long skip(long count) throws IOException {
            if (open != null) {
                long skipped = open.skip(count);
                position += skipped;
                return skipped;
            }
            long skipped = Math.max(0, Math.min(count, contentLength() - position));
            position += skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return open == null ? 0 : open.available();
        }

        @Override
        public void close() throws IOException {
            if (open != null) {
                open.close();
            }
        }
    }
}
