package app.utter.audio;

import static app.utter.audio.UnusableAudioException.Reason.CORRUPT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_uninit;
import static org.bytedeco.ffmpeg.global.swresample.*;

import java.time.Duration;
import java.util.Arrays;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.PointerPointer;

/** Converts decoded frames of any sample format, rate and channel layout to 24 kHz mono float, kept in memory. */
final class MonoResampler implements AutoCloseable {

    static final int SAMPLE_RATE = 24_000;

    private final AVChannelLayout mono = new AVChannelLayout();
    private SwrContext swr;
    private int inputFormat;
    private int inputRate;
    private int inputChannels;
    private FloatPointer converted;
    private PointerPointer<FloatPointer> convertedPlanes;
    private float[] samples = new float[SAMPLE_RATE * 10];
    private int count;
    private double sourceSeconds;

    MonoResampler() {
        av_channel_layout_default(mono, 1);
    }

    void accept(AVFrame frame) throws UnusableAudioException {
        if (swr == null || frame.format() != inputFormat || frame.sample_rate() != inputRate
                || frame.ch_layout().nb_channels() != inputChannels) {
            restartFor(frame); // chained streams may change format midway
        }
        convert(frame.extended_data(), frame.nb_samples());
        sourceSeconds += (double) frame.nb_samples() / frame.sample_rate();
    }

    /** Length of the audio handed in so far, at its own sample rate. */
    Duration sourceDuration() {
        return Duration.ofNanos(Math.round(sourceSeconds * 1e9));
    }

    /** Everything converted, the resampler's buffered tail included. */
    float[] finish() throws UnusableAudioException {
        flush();
        return Arrays.copyOf(samples, count);
    }

    @Override
    public void close() {
        if (swr != null) {
            swr_free(swr);
        }
        av_channel_layout_uninit(mono);
        mono.close();
        if (converted != null) {
            convertedPlanes.close();
            converted.close();
        }
    }

    private void restartFor(AVFrame frame) throws UnusableAudioException {
        flush();
        if (swr != null) {
            swr_free(swr);
        }
        swr = new SwrContext(null);
        inputFormat = frame.format();
        inputRate = frame.sample_rate();
        inputChannels = frame.ch_layout().nb_channels();
        if (swr_alloc_set_opts2(swr, mono, AV_SAMPLE_FMT_FLT, SAMPLE_RATE,
                frame.ch_layout(), inputFormat, inputRate, 0, null) < 0 || swr_init(swr) < 0) {
            throw new UnusableAudioException(CORRUPT, "The audio's layout (" + inputChannels + " channels at "
                    + inputRate + " Hz) cannot be converted to mono; export it as a plain stereo or mono file.");
        }
    }

    private void flush() throws UnusableAudioException {
        if (swr != null && !swr.isNull()) {
            convert(null, 0);
        }
    }

    private void convert(PointerPointer<?> input, int inputCount) throws UnusableAudioException {
        int room = swr_get_out_samples(swr, inputCount);
        if (converted == null || converted.capacity() < room) {
            if (converted != null) {
                convertedPlanes.close();
                converted.close();
            }
            converted = new FloatPointer(Math.max(room, 4096));
            // new PointerPointer<>(converted) would be a cast of the samples' address, not an array holding it
            convertedPlanes = new PointerPointer<FloatPointer>(1).put(0, converted);
        }
        int produced = swr_convert(swr, convertedPlanes, (int) converted.capacity(), input, inputCount);
        if (produced < 0) {
            throw new UnusableAudioException(CORRUPT, "The decoded audio could not be resampled; "
                    + "export the clip again as WAV or FLAC and re-upload it.");
        }
        if (count + produced > samples.length) {
            samples = Arrays.copyOf(samples, Math.max(samples.length * 2, count + produced));
        }
        converted.get(samples, count, produced);
        count += produced;
    }
}
