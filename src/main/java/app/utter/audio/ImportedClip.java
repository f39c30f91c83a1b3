package app.utter.audio;

import java.time.Duration;

/**
 * What an import found in the upload and what it wrote.
 *
 * @param container      FFmpeg's name for the container it recognised, e.g. {@code wav}, {@code matroska,webm}
 * @param codec          FFmpeg's name for the audio codec, e.g. {@code pcm_s16le}, {@code opus}
 * @param sourceDuration decoded length before trimming
 * @param duration       length of the normalized clip after trimming
 * @param peakDbfs       loudest sample of the normalized clip, dB relative to full scale
 * @param rmsDbfs        RMS level of the normalized clip, dB relative to full scale
 */
public record ImportedClip(String container, String codec, int sourceSampleRate, int sourceChannels,
                           Duration sourceDuration, Duration duration, double peakDbfs, double rmsDbfs) {}
