/**
 * Audio, all with in-process FFmpeg: turns any uploaded recording into a normalized reference clip (24 kHz mono
 * 16-bit WAV), stitches synthesized chunks into one even clip, and encodes it as WAV, MP3, Opus, AAC, FLAC or PCM.
 * Public API: {@link app.utter.audio.ReferenceAudioImporter}, {@link app.utter.audio.ImportedClip},
 * {@link app.utter.audio.UnusableAudioException}, {@link app.utter.audio.PcmAudio},
 * {@link app.utter.audio.SpeechStitcher}, {@link app.utter.audio.Stitch}, {@link app.utter.audio.SpeechEncoder},
 * {@link app.utter.audio.AudioFormat}.
 */
package app.utter.audio;
