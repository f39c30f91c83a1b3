package app.utter.audio;

import static app.utter.audio.UnusableAudioException.Reason.CORRUPT;
import static app.utter.audio.UnusableAudioException.Reason.EMPTY;
import static app.utter.audio.UnusableAudioException.Reason.TOO_LONG;
import static app.utter.audio.UnusableAudioException.Reason.TRUNCATED;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swresample;
import org.bytedeco.javacpp.Loader;
import org.springframework.stereotype.Component;

/** Turns an uploaded recording into a reference clip: 24 kHz mono 16-bit WAV, silence trimmed, loudness set. */
@Component
public class ReferenceAudioImporter {

    // Containers round lengths (Opus pre-skip, AAC priming, MP3 estimates); only a real shortfall is a cut.
    private static final Duration SHORTFALL_TOLERANCE = Duration.ofMillis(250);

    public ReferenceAudioImporter() {
        Loader.load(avformat.class); // load FFmpeg's native libraries at startup, not during the first upload
        Loader.load(swresample.class);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // FFmpeg's notices would otherwise flood stderr per upload
    }

    /**
     * Decodes {@code source} (any container/codec FFmpeg knows), validates, and writes the normalized clip to
     * {@code targetWav}; nothing is written when the upload is refused.
     */
    public ImportedClip importClip(Path source, Path targetWav, Duration maxDuration) throws UnusableAudioException {
        if (sizeOf(source) == 0) {
            throw new UnusableAudioException(EMPTY,
                    "The file is empty (0 bytes); choose the recording again and re-upload it.");
        }
        try (FfmpegSource input = FfmpegSource.open(source); MonoResampler mono = new MonoResampler()) {
            SourceFormat format = input.format();
            Optional<Duration> declared = format.declaredDuration();
            if (declared.isPresent() && declared.get().compareTo(maxDuration) > 0) {
                throw new UnusableAudioException(TOO_LONG, "The file says it holds " + DurationText.of(declared.get())
                        + " of audio; a reference clip can be at most " + DurationText.of(maxDuration) + ".");
            }
            boolean intact = input.decode(frame -> {
                mono.accept(frame);
                if (mono.sourceDuration().compareTo(maxDuration) > 0) { // a header may lie: count what decodes
                    throw new UnusableAudioException(TOO_LONG, "The recording is longer than "
                            + DurationText.of(maxDuration) + ", the most a reference clip can be. "
                            + "Trim it and upload again.");
                }
            });
            float[] samples = mono.finish();
            requireComplete(declared, mono.sourceDuration(), intact);
            if (samples.length == 0) {
                throw new UnusableAudioException(EMPTY,
                        "The file's audio track holds no sound; record the clip again.");
            }
            PcmAudio clip = SpeechNormalizer.normalize(samples);
            write(clip, targetWav);
            return new ImportedClip(format.container(), format.codec(), format.sampleRate(), format.channels(),
                    mono.sourceDuration(), clip.duration(), clip.peakDbfs(), clip.rmsDbfs());
        }
    }

    private static void requireComplete(Optional<Duration> declared, Duration decoded, boolean intact)
            throws UnusableAudioException {
        if (declared.isPresent()) {
            Duration promised = declared.get();
            Duration tolerance = promised.dividedBy(50).compareTo(SHORTFALL_TOLERANCE) > 0
                    ? promised.dividedBy(50) : SHORTFALL_TOLERANCE;
            if (decoded.plus(tolerance).compareTo(promised) < 0) {
                throw new UnusableAudioException(TRUNCATED, "The file ends early: its header promises "
                        + DurationText.of(promised) + " but only " + DurationText.of(decoded)
                        + " could be read. Upload the complete file.");
            }
        }
        if (!intact) {
            throw new UnusableAudioException(CORRUPT, "The audio is damaged after " + DurationText.of(decoded)
                    + " and cannot be decoded past that point; export or record the clip again.");
        }
    }

    private static long sizeOf(Path source) {
        try {
            return Files.size(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(PcmAudio clip, Path targetWav) {
        try {
            clip.writeWav(targetWav);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
