/**
 * Listening: what the speech worker hears in a clip (automatic transcripts and their language), when each word
 * is said (captions), and whether speech says what it should (the self-check of generated chunks). Everything
 * here degrades to "not available" with a sentence saying why when the worker does not listen.
 */
package app.utter.listening;
