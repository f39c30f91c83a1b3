package app.utter.audio;

import static org.bytedeco.ffmpeg.global.avformat.AVFMT_DURATION_FROM_BITRATE;
import static org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE;
import static org.bytedeco.ffmpeg.global.avutil.AV_TIME_BASE;
import static org.bytedeco.ffmpeg.global.avutil.av_q2d;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;

/** The audio length a file's header states, before decoding: lets a lie or a cut show up early. */
final class DeclaredDuration {

    private DeclaredDuration() {}

    static Optional<Duration> of(AVFormatContext container, AVStream stream, Path file) {
        if (container.iformat().name().getString().equals("wav")) {
            Optional<Duration> header = wavDataDuration(file, stream.codecpar());
            if (header.isPresent()) {
                return header;
            }
        }
        if (container.duration_estimation_method() == AVFMT_DURATION_FROM_BITRATE) {
            return Optional.empty(); // FFmpeg's guess from the file size, not something the file states
        }
        if (stream.duration() != AV_NOPTS_VALUE) {
            return Optional.of(seconds(stream.duration() * av_q2d(stream.time_base())));
        }
        if (container.nb_streams() == 1 && container.duration() != AV_NOPTS_VALUE) {
            return Optional.of(seconds(container.duration() / (double) AV_TIME_BASE));
        }
        return Optional.empty();
    }

    // FFmpeg ignores a WAV data size that runs past the end of the file: exactly the lie or the cut to catch.
    private static Optional<Duration> wavDataDuration(Path file, AVCodecParameters parameters) {
        try (FileChannel channel = FileChannel.open(file)) {
            return RiffChunks.find(channel, "data")
                    .filter(data -> data.size() > 0 && data.size() < 0xFFFF_FFFFL) // 0 and all ones mean "unknown"
                    .filter(data -> parameters.bit_rate() > 0)
                    .map(data -> seconds(data.size() * 8.0 / parameters.bit_rate()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
