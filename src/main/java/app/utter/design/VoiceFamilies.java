package app.utter.design;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import app.utter.tts.Remembered;
import app.utter.tts.TtsEngine;
import app.utter.tts.TtsException;
import app.utter.tts.TtsNotConfiguredException;
import app.utter.tts.WorkerHealth;

/**
 * What the speech worker can do besides cloning: design voices from words, speak as preset speakers. Learned from
 * its health and remembered for half a minute, so that pages can ask cheaply; when it cannot, a note says why and
 * which setting of the worker turns it on.
 */
@Service
public class VoiceFamilies {

    static final String DESIGN_SETTING = "UTTER_DESIGN_MODEL=Qwen/Qwen3-TTS-12Hz-1.7B-VoiceDesign";
    static final String PRESET_SETTING = "UTTER_PRESET_MODEL=Qwen/Qwen3-TTS-12Hz-1.7B-CustomVoice";
    static final int DEFAULT_MAX_INSTRUCTION = 500;
    private static final Logger log = LoggerFactory.getLogger(VoiceFamilies.class);
    private static final Duration REMEMBERED = Duration.ofSeconds(30);

    /**
     * What can be done now; a note (null when it can) for each of designing and preset speakers.
     *
     * @param maxInstructionChars the longest description or instruction the worker takes
     */
    public record Abilities(boolean designs, List<PresetSpeaker> speakers, boolean presetInstructions,
                            int maxInstructionChars, String designNote, String presetNote) {

        public boolean hasPresets() {
            return !speakers.isEmpty();
        }
    }

    private final TtsEngine engine;
    private final Remembered<Abilities> known = new Remembered<>(REMEMBERED, this::ask);

    VoiceFamilies(TtsEngine engine) {
        this.engine = engine;
    }

    /** What the worker serves, asked again when the last answer is older than half a minute. */
    public Abilities abilities() {
        return known.get();
    }

    private Abilities ask() {
        Abilities now;
        try {
            now = of(engine.health());
        } catch (TtsNotConfiguredException notYet) {
            String note = "Speech is not set up on this Utter yet; an admin can set it up on the Speech page.";
            now = new Abilities(false, List.of(), false, DEFAULT_MAX_INSTRUCTION, note, note);
        } catch (TtsException unreachable) {
            log.debug("Voice families unknown: {}", unreachable.getMessage());
            String note = "The speech worker cannot be reached right now; try again in a minute.";
            now = new Abilities(false, List.of(), false, DEFAULT_MAX_INSTRUCTION, note, note);
        }
        return now;
    }

    private static Abilities of(WorkerHealth health) {
        WorkerHealth.Families families = health.families();
        WorkerHealth.Family design = families == null ? null : families.voiceDesign();
        WorkerHealth.Family presets = families == null ? null : families.customVoice();
        List<PresetSpeaker> speakers = presets == null || presets.speakers() == null ? List.of()
                : presets.speakers().stream().map(s -> new PresetSpeaker(s.name(), s.label(),
                        s.languages() == null ? List.of() : s.languages(), s.dialect(), s.description(),
                        presets.instructions())).toList();
        int limit = health.limits() != null && health.limits().maxInstructionChars() > 0
                ? health.limits().maxInstructionChars() : DEFAULT_MAX_INSTRUCTION;
        return new Abilities(design != null, speakers, presets != null && presets.instructions(), limit,
                design != null ? null : "This Utter's speech worker does not design voices; an admin turns it on by "
                        + "starting the worker with " + DESIGN_SETTING + ".",
                presets != null ? null : "This Utter's speech worker has no preset speakers; an admin turns them on "
                        + "by starting the worker with " + PRESET_SETTING + ".");
    }
}
