package app.utter.voices;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** The languages Qwen3-TTS speaks, plus Auto (let the model tell from the text). */
public enum Language {
    AUTO("Auto", "Auto-detect", "Hello, this is how I sound when I read something aloud."),
    CHINESE("Chinese", "中文", "你好，这就是我朗读时的声音。"),
    ENGLISH("English", "English", "Hello, this is how I sound when I read something aloud."),
    GERMAN("German", "Deutsch", "Hallo, so klinge ich, wenn ich etwas vorlese."),
    ITALIAN("Italian", "Italiano", "Ciao, ecco come suono quando leggo qualcosa ad alta voce."),
    PORTUGUESE("Portuguese", "Português", "Olá, é assim que eu soo quando leio algo em voz alta."),
    SPANISH("Spanish", "Español", "Hola, así sueno cuando leo algo en voz alta."),
    JAPANESE("Japanese", "日本語", "こんにちは、これが私の読み上げる声です。"),
    KOREAN("Korean", "한국어", "안녕하세요, 제가 글을 읽을 때 이런 목소리예요."),
    FRENCH("French", "Français", "Bonjour, voici ma voix quand je lis un texte à voix haute."),
    RUSSIAN("Russian", "Русский", "Здравствуйте, так звучит мой голос, когда я читаю вслух.");

    private final String label;
    private final String nativeName;
    private final String sampleLine;

    Language(String label, String nativeName, String sampleLine) {
        this.label = label;
        this.nativeName = nativeName;
        this.sampleLine = sampleLine;
    }

    /** A sentence of everyday speech of about three seconds, to hear a voice by. */
    public String sampleLine() {
        return sampleLine;
    }

    /** The name used in the API, the database and the worker protocol, e.g. "English". */
    @JsonValue
    public String label() {
        return label;
    }

    public String nativeName() {
        return nativeName;
    }

    /** Case-insensitive lookup by label ("english", "English") or ISO-like code ("en", "zh"). */
    public static Optional<Language> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        String wanted = value.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(language -> language.label.toLowerCase(Locale.ROOT).equals(wanted) || language.code().equals(wanted))
                .findFirst();
    }

    /** Its ISO 639-1 code ("en"), or "auto". */
    public String code() {
        return switch (this) {
            case AUTO -> "auto";
            case CHINESE -> "zh";
            case ENGLISH -> "en";
            case GERMAN -> "de";
            case ITALIAN -> "it";
            case PORTUGUESE -> "pt";
            case SPANISH -> "es";
            case JAPANESE -> "ja";
            case KOREAN -> "ko";
            case FRENCH -> "fr";
            case RUSSIAN -> "ru";
        };
    }

    /** What to tell someone who asked for {@code value}, which {@link #parse} did not recognise. */
    public static String unsupported(String value) {
        return "'" + value.strip() + "' is not a supported language; use one of " + allLabels() + ".";
    }

    /** The languages speech can be in (all but Auto), as "English, German or Russian". */
    public static String spokenLabels() {
        List<String> labels = Arrays.stream(values()).filter(language -> language != AUTO).map(Language::label).toList();
        return String.join(", ", labels.subList(0, labels.size() - 1)) + " or " + labels.getLast();
    }

    /** All labels, in display order, for error messages. */
    public static String allLabels() {
        return String.join(", ", Arrays.stream(values()).map(Language::label).toList());
    }
}
