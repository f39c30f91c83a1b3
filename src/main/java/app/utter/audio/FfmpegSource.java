package app.utter.audio;

import static app.utter.audio.UnusableAudioException.Reason.CORRUPT;
import static app.utter.audio.UnusableAudioException.Reason.NOT_AUDIO;
import static org.bytedeco.ffmpeg.global.avcodec.*;
import static org.bytedeco.ffmpeg.global.avformat.*;
import static org.bytedeco.ffmpeg.global.avutil.*;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.PointerPointer;

/** One opened upload: FFmpeg's demuxer and the decoder of its best audio track; close() frees all native state. */
final class FfmpegSource implements AutoCloseable {

    /** Receives each decoded frame; throwing stops the decoding. */
    @FunctionalInterface
    interface FrameSink {
        void accept(AVFrame frame) throws UnusableAudioException;
    }

    // Playlist demuxers open further files named inside the upload; an upload must be the recording itself.
    private static final Set<String> PLAYLIST_FORMATS = Set.of("hls", "dash", "concat", "imf");

    private final AVFormatContext container = new AVFormatContext(null);
    private AVCodecContext decoder;
    private int streamIndex;
    private SourceFormat format;

    private FfmpegSource() {}

    /** Opens the file by probing its content (the name decides nothing) and readies its audio decoder. */
    static FfmpegSource open(Path file) throws UnusableAudioException {
        FfmpegSource source = new FfmpegSource();
        try {
            source.openContainer(file);
            source.openDecoder(file);
            return source;
        } catch (UnusableAudioException | RuntimeException e) {
            source.close();
            throw e;
        }
    }

    SourceFormat format() {
        return format;
    }

    /** Decodes the audio track to its end; returns false when the data broke off with an error first. */
    boolean decode(FrameSink sink) throws UnusableAudioException {
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            int read;
            while ((read = av_read_frame(container, packet)) >= 0) {
                boolean decoded = packet.stream_index() != streamIndex || decodePacket(packet, frame, sink);
                av_packet_unref(packet);
                if (!decoded) {
                    return false;
                }
            }
            return read == AVERROR_EOF && decodePacket(null, frame, sink);
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
        }
    }

    @Override
    public void close() {
        if (decoder != null) {
            avcodec_free_context(decoder);
        }
        avformat_close_input(container);
    }

    private void openContainer(Path file) throws UnusableAudioException {
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "protocol_whitelist", "file", 0); // never the network, whatever the upload names
        String url = "file:" + file.toAbsolutePath();
        int opened = avformat_open_input(container, url, null, options);
        av_dict_free(options);
        if (opened < 0) {
            Optional<String> lookalike = confidentlyProbedFormat(url);
            if (lookalike.isPresent()) {
                throw new UnusableAudioException(CORRUPT, "The file looks like " + lookalike.get()
                        + " but its structure is damaged or incomplete; upload the complete, original file.");
            }
            throw new UnusableAudioException(NOT_AUDIO, "This file is not a recording that can be read; "
                    + "upload audio such as WAV, MP3, M4A, FLAC, OGG or WebM.");
        }
        String name = container.iformat().name().getString();
        if (PLAYLIST_FORMATS.contains(name)) {
            throw new UnusableAudioException(NOT_AUDIO, "This file is a playlist (" + name
                    + ") that points to other files; upload the recording itself.");
        }
        if (avformat_find_stream_info(container, (PointerPointer<?>) null) < 0) {
            throw new UnusableAudioException(CORRUPT, "The file's contents could not be read and look damaged; "
                    + "export or record the clip again.");
        }
    }

    /** The format the file's first bytes clearly belong to, if any: tells a damaged recording from non-audio. */
    private static Optional<String> confidentlyProbedFormat(String url) {
        AVIOContext io = new AVIOContext(null);
        if (avio_open(io, url, AVIO_FLAG_READ) < 0) {
            return Optional.empty();
        }
        try {
            AVInputFormat format = new AVInputFormat(null);
            int score = av_probe_input_buffer2(io, format, url, null, 0, 0);
            return score > AVPROBE_SCORE_RETRY && !format.isNull()
                    ? Optional.of(format.long_name().getString()) : Optional.empty();
        } finally {
            avio_closep(io);
        }
    }

    private void openDecoder(Path file) throws UnusableAudioException {
        streamIndex = av_find_best_stream(container, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
        if (streamIndex < 0) {
            throw new UnusableAudioException(NOT_AUDIO, "This file holds no audio track (it was read as "
                    + container.iformat().long_name().getString() + "); upload a recording with sound.");
        }
        AVStream stream = container.streams(streamIndex);
        AVCodecParameters parameters = stream.codecpar();
        String codecName = avcodec_get_name(parameters.codec_id()).getString();
        AVCodec codec = avcodec_find_decoder(parameters.codec_id());
        if (codec == null) {
            throw new UnusableAudioException(NOT_AUDIO, "The audio is encoded as " + codecName
                    + ", which cannot be decoded here; convert it to WAV, MP3 or FLAC and upload again.");
        }
        decoder = avcodec_alloc_context3(codec);
        decoder.pkt_timebase(stream.time_base()); // lets the decoder trim encoder delay and padding by timestamp
        if (avcodec_parameters_to_context(decoder, parameters) < 0
                || avcodec_open2(decoder, codec, (AVDictionary) null) < 0) {
            throw new UnusableAudioException(CORRUPT, "The settings of the " + codecName
                    + " audio track are damaged; export or record the clip again.");
        }
        format = new SourceFormat(container.iformat().name().getString(), codecName, parameters.sample_rate(),
                parameters.ch_layout().nb_channels(), DeclaredDuration.of(container, stream, file));
    }

    private boolean decodePacket(AVPacket packet, AVFrame frame, FrameSink sink) throws UnusableAudioException {
        if (avcodec_send_packet(decoder, packet) < 0) {
            return false;
        }
        int received;
        while ((received = avcodec_receive_frame(decoder, frame)) >= 0) {
            try {
                sink.accept(frame);
            } finally {
                av_frame_unref(frame);
            }
        }
        return received == AVERROR_EAGAIN() || received == AVERROR_EOF;
    }
}
