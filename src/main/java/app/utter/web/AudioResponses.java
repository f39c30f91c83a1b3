package app.utter.web;

import java.net.URI;
import java.util.Optional;

import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import app.utter.storage.PresignedDownloads;

/** Audio file responses; Spring MVC serves range requests on a Resource body itself, so players can seek. */
public final class AudioResponses {

    private AudioResponses() {
    }

    /**
     * Saved as a file from the store itself when it gives a link for it ({@link PresignedDownloads}), else as
     * {@link #of}.
     */
    public static ResponseEntity<Resource> of(Resource audio, MediaType type, String filename, boolean download,
            PresignedDownloads links) {
        return (download ? links.linkFor(audio, filename, type) : Optional.<URI>empty())
                .map(link -> ResponseEntity.status(HttpStatus.FOUND).location(link)
                        .cacheControl(CacheControl.noStore()).<Resource>build())
                .orElseGet(() -> of(audio, type, filename, download));
    }

    /** Played in the page ({@code inline}) or saved as a file ({@code download}). */
    public static ResponseEntity<Resource> of(Resource audio, MediaType type, String filename, boolean download) {
        ContentDisposition.Builder disposition = download ? ContentDisposition.attachment() : ContentDisposition.inline();
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.filename(filename).build().toString())
                .cacheControl(CacheControl.noCache().cachePrivate())
                .body(audio);
    }
}
