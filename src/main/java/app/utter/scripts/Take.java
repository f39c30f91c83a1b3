package app.utter.scripts;

import java.time.Instant;

/** One rendering of a segment: the generation that spoke it, with its seed and what it was made from. */
record Take(String id, String segmentId, String generationId, long seed, String fingerprint, Instant createdAt) {
}
