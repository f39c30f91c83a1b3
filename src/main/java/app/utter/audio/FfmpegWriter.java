package app.utter.audio;

import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * Encodes mono PCM into one file with an FFmpeg encoder and muxer, all at once or piece by piece; close() frees
 * every native object.
 */
final class FfmpegWriter implements AutoCloseable {

    private static final int ANY_FRAME_SIZE = 4096; // samples per frame for encoders that take any size

    private final AVFormatContext muxer = new AVFormatContext(null);
    private final AVPacket packet = av_packet_alloc();
    private final AVFrame frame = av_frame_alloc();
    private AVCodecContext encoder;
    private AVStream stream;
    private AVIOContext file;
    private short[] pending; // samples waiting for a whole frame
    private int pendingLength;
    private long written;

    private FfmpegWriter() {}

    /** Writes {@code audio} to {@code target}, which is left incomplete if this throws. */
    static void write(PcmAudio audio, EncoderSettings settings, Path target) throws IOException {
        try (FfmpegWriter writer = opened(settings, audio.sampleRate(), target)) {
            writer.append(audio.samples(), 0, audio.samples().length);
            writer.finish();
        }
    }

    /** A writer to {@code target} that takes the audio piece by piece ({@link #append}) until {@link #finish}. */
    static FfmpegWriter opened(EncoderSettings settings, int sampleRate, Path target) throws IOException {
        FfmpegWriter writer = new FfmpegWriter();
        try {
            writer.open(settings, sampleRate, "file:" + target.toAbsolutePath());
            writer.pending = new short[writer.frameSize()];
            return writer;
        } catch (IOException | RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    /** Encodes the next {@code count} samples from {@code offset}; a frame goes out once it is whole. */
    void append(short[] samples, int offset, int count) throws IOException {
        while (count > 0) {
            int taken = Math.min(count, pending.length - pendingLength);
            System.arraycopy(samples, offset, pending, pendingLength, taken);
            pendingLength += taken;
            offset += taken;
            count -= taken;
            if (pendingLength == pending.length) {
                encodeFrame(pending, pendingLength);
                pendingLength = 0;
            }
        }
    }

    /** Encodes what is left, drains the encoder and completes the file. */
    void finish() throws IOException {
        if (pendingLength > 0) {
            encodeFrame(pending, pendingLength);
            pendingLength = 0;
        }
        send(null); // drains the encoder's delayed packets
        check(av_write_trailer(muxer), "finish the file");
    }

    @Override
    public void close() {
        if (encoder != null) {
            avcodec_free_context(encoder);
        }
        if (file != null) {
            avio_closep(file);
        }
        if (!muxer.isNull()) {
            avformat_free_context(muxer);
        }
        av_frame_free(frame);
        av_packet_free(packet);
    }

    private void open(EncoderSettings settings, int sampleRate, String url) throws IOException {
        check(avformat_alloc_output_context2(muxer, null, settings.muxer(), url), "set up " + settings.muxer());
        AVCodec codec = avcodec_find_encoder_by_name(settings.encoder());
        if (codec == null || codec.isNull()) {
            throw new IOException("this FFmpeg build has no " + settings.encoder() + " encoder");
        }
        encoder = avcodec_alloc_context3(codec);
        encoder.sample_fmt(settings.sampleFormat());
        encoder.sample_rate(sampleRate);
        av_channel_layout_default(encoder.ch_layout(), 1);
        encoder.bit_rate(settings.bitRate());
        encoder.time_base(av_make_q(1, sampleRate));
        if ((muxer.oformat().flags() & AVFMT_GLOBALHEADER) != 0) {
            encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        }
        check(avcodec_open2(encoder, codec, (AVDictionary) null), "open the " + settings.encoder() + " encoder");
        stream = avformat_new_stream(muxer, null);
        check(avcodec_parameters_from_context(stream.codecpar(), encoder), "describe the stream");
        stream.time_base(encoder.time_base());
        AVIOContext opened = new AVIOContext(null);
        check(avio_open(opened, url, AVIO_FLAG_WRITE), "create the file");
        file = opened;
        muxer.pb(file);
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "fflags", "+bitexact", 0); // same audio, same bytes: no random Ogg serial number
        settings.muxerOptions().forEach((key, value) -> av_dict_set(options, key, value, 0));
        try {
            check(avformat_write_header(muxer, options), "write the header");
        } finally {
            av_dict_free(options);
        }
    }

    private int frameSize() {
        return encoder.frame_size() > 0 ? encoder.frame_size() : ANY_FRAME_SIZE;
    }

    /** One frame of {@code count} samples; only the last may be shorter than the frame size. */
    private void encodeFrame(short[] samples, int count) throws IOException {
        int frameSize = frameSize();
        boolean shortLastFrame = (encoder.codec().capabilities()
                & (AV_CODEC_CAP_SMALL_LAST_FRAME | AV_CODEC_CAP_VARIABLE_FRAME_SIZE)) != 0;
        frame.nb_samples(shortLastFrame ? count : frameSize);
        frame.format(encoder.sample_fmt());
        frame.sample_rate(encoder.sample_rate());
        check(av_channel_layout_copy(frame.ch_layout(), encoder.ch_layout()), "lay out a frame");
        check(av_frame_get_buffer(frame, 0), "allocate a frame");
        BytePointer data = frame.data(0);
        if (av_get_packed_sample_fmt(encoder.sample_fmt()) == AV_SAMPLE_FMT_FLT) {
            float[] converted = new float[count];
            for (int i = 0; i < count; i++) {
                converted[i] = samples[i] / 32768f;
            }
            new FloatPointer(data).put(converted, 0, count);
        } else {
            new ShortPointer(data).put(samples, 0, count);
        }
        if (frame.nb_samples() > count) { // the encoder takes whole frames only: pad the last with silence
            av_samples_set_silence(frame.extended_data(), count, frameSize - count, 1, encoder.sample_fmt());
        }
        frame.pts(written);
        written += count;
        try {
            send(frame);
        } finally {
            av_frame_unref(frame);
        }
    }

    private void send(AVFrame input) throws IOException {
        check(avcodec_send_frame(encoder, input), "encode the audio");
        int received;
        while ((received = avcodec_receive_packet(encoder, packet)) >= 0) {
            av_packet_rescale_ts(packet, encoder.time_base(), stream.time_base());
            packet.stream_index(stream.index());
            check(av_interleaved_write_frame(muxer, packet), "write the audio"); // takes the packet's data
        }
        if (received != AVERROR_EAGAIN() && received != AVERROR_EOF) {
            check(received, "encode the audio");
        }
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
