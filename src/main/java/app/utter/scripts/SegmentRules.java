package app.utter.scripts;

import java.util.LinkedHashMap;
import java.util.Map;

import app.utter.accounts.Owner;
import app.utter.design.PresetSpeaker;
import app.utter.voices.Language;
import app.utter.voices.VoiceLibrary;
import app.utter.web.ApiProblem;

/**
 * What a script and its segments may hold, checked before anything is stored: text length (each segment is one
 * generation), a voice of the person's or a preset speaker, a language Utter speaks, instructions, and the
 * script's size. Collects every field's problem so one answer says all that is wrong.
 */
final class SegmentRules {

    static final int MAX_SEGMENT_TEXT = 10_000;
    static final int MAX_SCRIPT_CHARACTERS = 200_000;
    static final int MAX_SEGMENTS = 2_000;
    static final int MAX_TITLE = 200;
    static final int MAX_INSTRUCTIONS = 500;
    static final int MAX_SPEAKER = 60;

    private final Owner owner;
    private final VoiceLibrary voices;
    private final Map<String, String> errors = new LinkedHashMap<>();

    SegmentRules(Owner owner, VoiceLibrary voices) {
        this.owner = owner;
        this.voices = voices;
    }

    String title(String title) {
        String trimmed = title == null ? "" : title.strip();
        if (trimmed.isEmpty()) {
            errors.put("title", "Give the script a title.");
        } else if (trimmed.length() > MAX_TITLE) {
            errors.put("title", "Keep the title to " + MAX_TITLE + " characters.");
        }
        return trimmed;
    }

    /** A whole segment as written: text and voice required, the rest optional. */
    Segment segment(String field, Segment base, SegmentDraft draft) {
        String text = draft.text() == null ? base.text() : draft.text().strip();
        if (text.isEmpty()) {
            errors.put(field + "text", "Write what this segment says.");
        } else if (text.length() > MAX_SEGMENT_TEXT) {
            errors.put(field + "text", String.format("A segment holds at most %,d characters; this one has %,d. "
                    + "Split it.", MAX_SEGMENT_TEXT, text.length()));
        }
        String voiceId = draft.voiceId() == null ? base.voiceId() : draft.voiceId().strip();
        voice(field + "voice_id", voiceId);
        String language = draft.language() == null ? base.language() : language(field, draft.language());
        String instructions = draft.instructions() == null ? base.instructions()
                : draft.instructions().isBlank() ? null : draft.instructions().strip();
        if (instructions != null && instructions.length() > MAX_INSTRUCTIONS) {
            errors.put(field + "instructions", "Keep instructions to " + MAX_INSTRUCTIONS + " characters.");
        }
        String speaker = draft.speaker() == null ? base.speaker()
                : draft.speaker().isBlank() ? null : draft.speaker().strip();
        if (speaker != null && speaker.length() > MAX_SPEAKER) {
            errors.put(field + "speaker", "Keep a speaker's label to " + MAX_SPEAKER + " characters.");
        }
        return new Segment(base.id(), base.scriptId(), base.position(),
                draft.heading() == null ? base.heading() : draft.heading(), speaker, voiceId, language, instructions,
                text, draft.continues() == null ? base.continues() : draft.continues(), base.locked(), base.takeId(),
                base.renderWanted(), base.renderError());
    }

    void voice(String field, String voiceId) {
        if (voiceId == null || voiceId.isBlank()) {
            errors.put(field, "Choose a voice.");
        } else if (!PresetSpeaker.isPresetId(voiceId) && voices.find(owner, voiceId).isEmpty()) {
            errors.put(field, "No voice of yours has the id " + voiceId + ".");
        }
    }

    private String language(String field, String value) {
        if (value.isBlank()) {
            return null; // the voice's own
        }
        return Language.parse(value).map(Language::label).orElseGet(() -> {
            errors.put(field + "language", Language.unsupported(value));
            return null;
        });
    }

    void size(int segments, int characters) {
        if (segments > MAX_SEGMENTS) {
            errors.put("segments", String.format("A script holds at most %,d segments; this one would have %,d.",
                    MAX_SEGMENTS, segments));
        }
        if (characters > MAX_SCRIPT_CHARACTERS) {
            errors.put("text", String.format("A script holds at most %,d characters; this one would have %,d. "
                    + "Make a second script for the rest.", MAX_SCRIPT_CHARACTERS, characters));
        }
    }

    void problem(String field, String message) {
        errors.put(field, message);
    }

    void throwIfInvalid() {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidFields("invalid-script", errors);
        }
    }
}
