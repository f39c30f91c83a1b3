/**
 * Scripts: long texts in several voices as ordered segments (narration, dialogue, chapters), each rendered as a
 * generation of its own, stitched with pauses that follow the text, and redone segment by segment.
 */
package app.utter.scripts;
