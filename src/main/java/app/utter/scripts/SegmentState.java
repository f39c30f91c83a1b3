package app.utter.scripts;

/** Where a segment stands: its chosen take's progress, or why it has no audio of its current text. */
enum SegmentState {
    /** Never rendered, or edited since its take was made. */
    STALE,
    /** Asked to be rendered; waits for a free place in the script's share of the worker. */
    WAITING,
    QUEUED,
    RUNNING,
    DONE,
    FAILED
}
