package app.utter.web;

import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Audio file responses; Spring MVC serves range requests on a Resource body itself, so players can seek. */
public final class AudioResponses {

    private AudioResponses() {
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
