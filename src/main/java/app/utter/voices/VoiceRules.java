package app.utter.voices;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;

import app.utter.web.ApiProblem;
import app.utter.web.WellFormedText;

/** The rules a voice's fields and reference clip must meet, each with a message that says how to fix it. */
final class VoiceRules {

    static final int MAX_NAME = 100;
    static final int MAX_TRANSCRIPT = 2_000;
    static final Duration MIN_CLIP = Duration.ofSeconds(3);
    static final Duration MAX_CLIP = Duration.ofSeconds(60);
    static final String CONSENT_STATEMENT = "I have the right to clone this voice";

    private final Map<String, String> errors = new LinkedHashMap<>();

    String name(String name) {
        String value = strip(name);
        if (value.isEmpty()) {
            errors.put("name", "Give the voice a name.");
        } else if (value.length() > MAX_NAME) {
            errors.put("name", "The name is " + value.length() + " characters long; use at most " + MAX_NAME + ".");
        } else {
            WellFormedText.flaw("name", value).ifPresent(flaw -> errors.put("name", flaw));
        }
        return value;
    }

    /** The transcript as typed; blank is allowed when {@code canBeHeard}: the clip is then transcribed. */
    String transcript(String transcript, boolean canBeHeard) {
        String value = strip(transcript);
        if (value.isEmpty() && !canBeHeard) {
            errors.put("transcript", "Type exactly what is said in the clip: Qwen3-TTS needs the transcript to clone "
                    + "a voice (this Utter's speech worker does not transcribe clips).");
        } else if (value.length() > MAX_TRANSCRIPT) {
            errors.put("transcript", String.format("The transcript is %,d characters long; use at most %,d.",
                    value.length(), MAX_TRANSCRIPT));
        } else {
            WellFormedText.flaw("transcript", value).ifPresent(flaw -> errors.put("transcript", flaw));
        }
        return value;
    }

    String transcript(String transcript) {
        String value = strip(transcript);
        if (value.isEmpty()) {
            errors.put("transcript", "Type exactly what is said in the clip: Qwen3-TTS needs the transcript to clone a voice.");
            return value;
        }
        return transcript(value, true);
    }

    /** The language chosen; null when left out and {@code canBeHeard}: it is then detected in the clip. */
    Language language(String language, boolean canBeHeard) {
        if ((language == null || language.isBlank()) && canBeHeard) {
            return null;
        }
        return language(language);
    }

    Language language(String language) {
        if (language == null || language.isBlank()) {
            errors.put("language", "Choose the language spoken in the clip: one of " + Language.allLabels() + ".");
            return Language.AUTO;
        }
        return Language.parse(language).orElseGet(() -> {
            errors.put("language", Language.unsupported(language));
            return Language.AUTO;
        });
    }

    /** How the client says the transcript came about: typed (the default) or heard and left as it was. */
    String transcriptSource(String source) {
        String value = strip(source).toLowerCase(java.util.Locale.ROOT);
        if (value.isEmpty()) {
            return Voice.TYPED;
        }
        if (!value.equals(Voice.TYPED) && !value.equals(Voice.HEARD)) {
            errors.put("transcript_source", "Use transcript_source=typed or heard (or leave it out).");
            return Voice.TYPED;
        }
        return value;
    }

    void consent(Boolean consent) {
        if (!Boolean.TRUE.equals(consent)) {
            errors.put("consent", "Confirm that you have the right to clone this voice.");
        }
    }

    void audioPresent(NewVoice.UploadedAudio audio) {
        if (audio == null) {
            errors.put("audio", "Choose a recording of the voice: WAV, MP3, M4A, FLAC, OGG or WebM.");
        }
    }

    /** Throws one 400 problem listing every field that needs fixing, if any does. */
    void throwIfInvalid() {
        throwIfInvalid("invalid-voice");
    }

    /** As {@link #throwIfInvalid()}, with this problem type. */
    void throwIfInvalid(String problemType) {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidFields(problemType, errors);
        }
    }

    static void requireLongEnough(Duration speech) {
        if (speech.compareTo(MIN_CLIP) < 0) {
            throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "audio-too-short", "Clip too short",
                    String.format("The clip holds %.1f s of sound after trimming silence; a voice needs at least %d s "
                            + "(10 to 30 s works best).", speech.toMillis() / 1000.0, MIN_CLIP.toSeconds()));
        }
    }

    private static String strip(String value) {
        return value == null ? "" : value.strip();
    }
}
