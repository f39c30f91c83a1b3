package app.utter.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16P;

import java.util.Map;

/**
 * How FFmpeg makes one compressed format: muxer, encoder, the encoder's sample format and bit rate (0: its own).
 * For mono audio a planar sample format is laid out exactly like the packed one.
 */
record EncoderSettings(String muxer, String encoder, int sampleFormat, long bitRate,
                       Map<String, String> muxerOptions) {

    static EncoderSettings of(AudioFormat format) {
        return of(format, AudioQuality.STANDARD);
    }

    static EncoderSettings of(AudioFormat format, AudioQuality quality) {
        EncoderSettings standard = standard(format);
        return new EncoderSettings(standard.muxer, standard.encoder, standard.sampleFormat,
                quality.bitRate(standard.bitRate), standard.muxerOptions);
    }

    private static EncoderSettings standard(AudioFormat format) {
        return switch (format) {
            case MP3 -> new EncoderSettings("mp3", "libmp3lame", AV_SAMPLE_FMT_S16P, 64_000, Map.of());
            // Ogg Opus; libopus takes 24 kHz as it is (Opus codes at 48 kHz inside and says 24 kHz in its header)
            case OPUS -> new EncoderSettings("opus", "libopus", AV_SAMPLE_FMT_S16, 48_000, Map.of());
            // M4A, not ADTS: its edit list carries the encoder delay and padding, so players get the exact length;
            // faststart puts the index first so that a browser can play while downloading
            case AAC -> new EncoderSettings("ipod", "aac", AV_SAMPLE_FMT_FLTP, 64_000,
                    Map.of("movflags", "+faststart"));
            case FLAC -> new EncoderSettings("flac", "flac", AV_SAMPLE_FMT_S16, 0, Map.of());
            case WAV, PCM -> throw new IllegalArgumentException(format + " is written without FFmpeg");
        };
    }
}
