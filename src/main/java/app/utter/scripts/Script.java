package app.utter.scripts;

import java.time.Instant;
import java.util.Map;

/**
 * A person's script: a title and the voice each speaker label stands for; its segments are kept apart.
 *
 * @param speakers speaker label (as in {@code Narrator: ...} lines) to voice id, in the order first seen
 */
record Script(String id, String ownerId, String title, Map<String, String> speakers, Instant createdAt,
              Instant updatedAt) {
}
