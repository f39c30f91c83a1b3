package app.utter.audio;

import java.time.Duration;
import java.util.Optional;

/**
 * What the container says about an upload before anything is decoded.
 *
 * @param declaredDuration the audio length its header states, when it states one (not when FFmpeg only
 *                         estimated it from the file size and bit rate)
 */
record SourceFormat(String container, String codec, int sampleRate, int channels,
                    Optional<Duration> declaredDuration) {}
