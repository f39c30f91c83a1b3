/**
 * Audio: turns any uploaded recording into a normalized reference clip (24 kHz mono 16-bit WAV) with in-process
 * FFmpeg, and reads such WAVs back. Public API: {@link app.utter.audio.ReferenceAudioImporter},
 * {@link app.utter.audio.ImportedClip}, {@link app.utter.audio.UnusableAudioException},
 * {@link app.utter.audio.PcmAudio}.
 */
package app.utter.audio;
