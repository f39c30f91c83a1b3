/**
 * Speech synthesis: the TTS engine port and its adapter for the Python TTS worker (docs/worker-protocol.md).
 * Public API: {@link app.utter.tts.TtsEngine} with {@link app.utter.tts.VoicePrompt},
 * {@link app.utter.tts.SynthesisRequest}, {@link app.utter.tts.SpeechListener}, {@link app.utter.tts.StreamStart},
 * {@link app.utter.tts.SynthesisResult}, {@link app.utter.tts.WorkerHealth}, and the exceptions derived from
 * {@link app.utter.tts.TtsException}.
 */
package app.utter.tts;
