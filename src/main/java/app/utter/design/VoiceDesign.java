package app.utter.design;

import java.time.Instant;
import java.util.List;

import app.utter.voices.Language;

/**
 * A voice described in words and heard as candidates: the same description and sample line spoken with different
 * seeds (each another voice). One of them becomes a voice when it is saved; unsaved designs go after a day.
 */
record VoiceDesign(String id, String ownerId, String description, String text, Language language, List<Long> seeds,
                   Instant createdAt) {

    String candidateKey(int index) {
        return folder() + "candidate-" + index + ".wav";
    }

    String folder() {
        return "designs/" + id + "/";
    }
}
