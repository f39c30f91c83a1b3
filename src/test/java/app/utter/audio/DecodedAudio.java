package app.utter.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

/** A file decoded with FFmpeg to 24 kHz mono, untrimmed and at its own level, and what FFmpeg found in it. */
public record DecodedAudio(SourceFormat format, float[] samples) {

    public static DecodedAudio of(Path file) throws UnusableAudioException {
        try (FfmpegSource source = FfmpegSource.open(file); MonoResampler mono = new MonoResampler()) {
            assertThat(source.decode(mono::accept)).as("decoded to the end").isTrue();
            return new DecodedAudio(source.format(), mono.finish());
        }
    }

    /** How long the decoded audio lasts. */
    public double seconds() {
        return (double) samples.length / MonoResampler.SAMPLE_RATE;
    }

    /** The samples as 16-bit PCM, rounded as an encoder's input would be. */
    PcmAudio pcm() {
        short[] rounded = new short[samples.length];
        for (int i = 0; i < samples.length; i++) {
            rounded[i] = (short) Math.clamp(Math.round(samples[i] * 32768.0), Short.MIN_VALUE, Short.MAX_VALUE);
        }
        return new PcmAudio(MonoResampler.SAMPLE_RATE, rounded);
    }

    static PcmAudio speech(String fixture) throws UnusableAudioException {
        return of(Fixtures.clip(fixture)).pcm();
    }
}
