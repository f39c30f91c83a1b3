package app.utter.audio;

import static org.bytedeco.ffmpeg.global.avfilter.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Speech made faster or slower at the same pitch, with FFmpeg's {@code atempo} filter (WSOLA) on 24 kHz mono
 * 16-bit audio. Fed piece by piece, so a stream can be sped up as it plays; close() frees the native graph.
 */
public final class TempoFilter implements AutoCloseable {

    private static final int SAMPLE_RATE = 24_000;

    private final AVFilterGraph graph = avfilter_graph_alloc();
    private final AVFrame frame = av_frame_alloc();
    private final AVFilterContext source;
    private final AVFilterContext sink;
    private int filters;
    private long pts;

    public TempoFilter(double speed) throws IOException {
        try {
            source = add("abuffer", "sample_rate=" + SAMPLE_RATE + ":sample_fmt=s16:channel_layout=mono:time_base=1/"
                    + SAMPLE_RATE);
            AVFilterContext last = source;
            for (double factor : factors(speed)) {
                last = link(last, add("atempo", "tempo=" + factor));
            }
            last = link(last, add("aformat", "sample_fmts=s16:channel_layouts=mono:sample_rates=" + SAMPLE_RATE));
            sink = link(last, add("abuffersink", null));
            check(avfilter_graph_config(graph, null), "set up the tempo filter");
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The whole of {@code audio} at {@code speed}. */
    public static PcmAudio change(PcmAudio audio, double speed) throws IOException {
        try (TempoFilter tempo = new TempoFilter(speed)) {
            return joined(List.of(tempo.apply(audio).samples(), tempo.finish().samples()));
        }
    }

    /** Feeds the next piece and returns what the filter has ready: shorter or longer than the piece, or empty. */
    public PcmAudio apply(PcmAudio piece) throws IOException {
        short[] samples = piece.samples();
        if (samples.length > 0) {
            frame.nb_samples(samples.length);
            frame.format(AV_SAMPLE_FMT_S16);
            frame.sample_rate(SAMPLE_RATE);
            av_channel_layout_default(frame.ch_layout(), 1);
            check(av_frame_get_buffer(frame, 0), "allocate a frame");
            new ShortPointer(frame.data(0)).put(samples, 0, samples.length);
            frame.pts(pts);
            pts += samples.length;
            try {
                check(av_buffersrc_add_frame(source, frame), "change the tempo");
            } finally {
                av_frame_unref(frame);
            }
        }
        return drain();
    }

    /** Ends the input and returns the rest of the output. */
    public PcmAudio finish() throws IOException {
        check(av_buffersrc_add_frame(source, null), "finish the tempo change");
        return drain();
    }

    @Override
    public void close() {
        avfilter_graph_free(graph);
        av_frame_free(frame);
    }

    /** atempo factors between 0.5 and 2, where it sounds best, whose product is {@code speed}. */
    private static List<Double> factors(double speed) {
        List<Double> factors = new ArrayList<>();
        double rest = speed;
        for (; rest > 2.0; rest /= 2.0) {
            factors.add(2.0);
        }
        for (; rest < 0.5; rest /= 0.5) {
            factors.add(0.5);
        }
        factors.add(rest);
        return factors;
    }

    private PcmAudio drain() throws IOException {
        List<short[]> parts = new ArrayList<>();
        int received;
        while ((received = av_buffersink_get_frame(sink, frame)) >= 0) {
            short[] part = new short[frame.nb_samples()];
            new ShortPointer(frame.data(0)).get(part);
            parts.add(part);
            av_frame_unref(frame);
        }
        if (received != AVERROR_EAGAIN() && received != AVERROR_EOF) {
            check(received, "change the tempo");
        }
        return joined(parts);
    }

    private static PcmAudio joined(List<short[]> parts) {
        short[] all = new short[parts.stream().mapToInt(part -> part.length).sum()];
        int at = 0;
        for (short[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return new PcmAudio(SAMPLE_RATE, all);
    }

    private AVFilterContext add(String filter, String options) throws IOException {
        AVFilterContext context = new AVFilterContext(null);
        check(avfilter_graph_create_filter(context, avfilter_get_by_name(filter), filter + "-" + filters++, options,
                null, graph), "create the " + filter + " filter");
        return context;
    }

    private static AVFilterContext link(AVFilterContext from, AVFilterContext to) throws IOException {
        check(avfilter_link(from, 0, to, 0), "link the tempo filters");
        return to;
    }

    private static void check(int result, String doing) throws IOException {
        if (result < 0) {
            try (BytePointer message = new BytePointer(AV_ERROR_MAX_STRING_SIZE)) {
                av_strerror(result, message, message.capacity());
                throw new IOException("FFmpeg could not " + doing + ": " + message.getString());
            }
        }
    }
}
