package app.utter.generation;

import java.util.Arrays;
import java.util.Locale;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

import app.utter.web.ApiProblem;

/** The forms captions are served in. */
public enum CaptionFormat {
    SRT("srt", "application/x-subrip;charset=UTF-8"),
    VTT("vtt", "text/vtt;charset=UTF-8"),
    JSON("json", "application/json");

    private final String extension;
    private final MediaType mediaType;

    CaptionFormat(String extension, String mediaType) {
        this.extension = extension;
        this.mediaType = MediaType.parseMediaType(mediaType);
    }

    public String extension() {
        return extension;
    }

    public MediaType mediaType() {
        return mediaType;
    }

    /** The format called {@code name}; a 400 saying which there are otherwise. */
    public static CaptionFormat named(String name) {
        return Arrays.stream(values()).filter(format -> format.extension.equals(name.strip().toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> new ApiProblem(HttpStatus.BAD_REQUEST, "unknown-format",
                        "Unknown format", "Use format srt, vtt or json."));
    }
}
