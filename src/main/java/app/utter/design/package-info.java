/**
 * Voices from words: designing a voice from a description (the worker's VoiceDesign model makes candidates, the
 * chosen one is kept as an ordinary cloned voice), and the preset speakers of its CustomVoice model, which take an
 * instruction on how to speak.
 */
package app.utter.design;
