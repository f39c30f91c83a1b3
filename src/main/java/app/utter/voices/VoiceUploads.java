package app.utter.voices;

import java.util.Locale;

import org.springframework.http.MediaType;
import org.springframework.web.multipart.MultipartFile;

/** Adapts a multipart upload to the library's input and names the media type of a stored file. */
final class VoiceUploads {

    private VoiceUploads() {
    }

    static NewVoice.UploadedAudio of(MultipartFile file) {
        return file == null ? null : new NewVoice.UploadedAudio(file, file.getOriginalFilename(), file.getSize());
    }

    /** By extension, for the Content-Type of a download only: what the file holds was decided by FFmpeg. */
    static MediaType mediaTypeOf(String filename) {
        String lower = filename.toLowerCase(Locale.ROOT);
        String type = lower.endsWith(".wav") ? "audio/wav"
                : lower.endsWith(".mp3") ? "audio/mpeg"
                : lower.endsWith(".m4a") || lower.endsWith(".aac") || lower.endsWith(".mp4") ? "audio/mp4"
                : lower.endsWith(".flac") ? "audio/flac"
                : lower.endsWith(".ogg") || lower.endsWith(".opus") ? "audio/ogg"
                : lower.endsWith(".webm") ? "audio/webm"
                : "application/octet-stream";
        return MediaType.parseMediaType(type);
    }
}
