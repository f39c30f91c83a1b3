package app.utter.dictionary;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import app.utter.accounts.Owner;
import app.utter.accounts.UsageLimits;
import app.utter.voices.Language;
import app.utter.web.ApiProblem;
import app.utter.web.WellFormedText;

/**
 * Each person's pronunciation dictionary: its rules, the text as it will be spoken, and PLS files in and out.
 * Every entry point that speaks a text (the generation API and pages, the original API, the OpenAI endpoint)
 * goes through {@link #respell} before the text is split.
 */
@Service
public class Pronunciations {

    static final int MAX_RULES = 500;
    static final int MAX_PHRASE = 100;
    static final int MAX_ALIAS = 200;

    private final PronunciationRepository repository;
    private final UsageLimits limits;
    private final TransactionOperations transactions;
    private final ApplicationEventPublisher events;

    Pronunciations(PronunciationRepository repository, UsageLimits limits, TransactionOperations transactions,
            ApplicationEventPublisher events) {
        this.repository = repository;
        this.limits = limits;
        this.transactions = transactions;
        this.events = events;
    }

    /**
     * {@code text} as it will be spoken in {@code language}: the owner's rules for that language and for every
     * language applied (all of them for {@code Auto}).
     */
    public String respell(Owner owner, Language language, String text) {
        return respeller(owner, language).respell(text).text();
    }

    /** The owner's dictionary read once, to respell many texts in their languages as {@link #respell} does. */
    public BiFunction<Language, String, String> respeller(Owner owner) {
        List<PronunciationRule> rules = repository.findAll(owner.id());
        Map<Language, Respeller> byLanguage = new HashMap<>();
        return (language, text) -> byLanguage.computeIfAbsent(language, chosen -> new Respeller(rules.stream()
                .filter(rule -> applies(rule, chosen)).toList())).respell(text).text();
    }

    Respeller.Respelled preview(Owner owner, String language, String text) {
        Map<String, String> errors = new LinkedHashMap<>();
        Language chosen = language(errors, language == null || language.isBlank() ? "Auto" : language);
        if (text == null || text.isBlank()) {
            errors.put("text", "Type a text to see how it will be spoken.");
        }
        throwIfAny(errors);
        return respeller(owner, chosen).respell(text);
    }

    List<PronunciationRule> list(Owner owner) {
        return repository.findAll(owner.id());
    }

    PronunciationRule add(Owner owner, NewRule request) {
        Map<String, String> errors = new LinkedHashMap<>();
        PronunciationRule rule = checked(owner, request, errors);
        throwIfAny(errors);
        transactions.executeWithoutResult(status -> {
            limits.holdAccount(owner); // two additions at once must not both take the last place
            requireRoom(owner, 1);
            requireNew(owner, rule);
            repository.insert(rule);
        });
        events.publishEvent(new PronunciationsChanged(owner));
        return rule;
    }

    void delete(Owner owner, String id) {
        if (!WellFormedText.isClean(id) || !repository.delete(owner.id(), id)) {
            throw ApiProblem.notFound("Rule", id);
        }
        events.publishEvent(new PronunciationsChanged(owner));
    }

    /** What a PLS import added and left out. */
    record Imported(Language language, List<PronunciationRule> added, List<PlsLexicon.Skipped> skipped) {
    }

    /**
     * Adds the alias entries of a PLS file (for its {@code xml:lang}, or every language), whole word and case
     * insensitive; phoneme entries and entries already in the dictionary are listed as skipped. All or nothing.
     */
    Imported importPls(Owner owner, InputStream file) {
        PlsLexicon.Parsed parsed;
        try {
            parsed = PlsLexicon.read(file);
        } catch (PlsLexicon.Malformed malformed) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "invalid-lexicon", "Not a lexicon this can read",
                    "Line " + malformed.line + ": " + malformed.getMessage() + ". Send a W3C PLS 1.0 file.",
                    Map.of("line", malformed.line));
        }
        List<PlsLexicon.Skipped> skipped = new ArrayList<>(parsed.skipped());
        List<PronunciationRule> added = new ArrayList<>();
        transactions.executeWithoutResult(status -> {
            limits.holdAccount(owner);
            List<PronunciationRule> existing = repository.findAll(owner.id());
            for (PlsLexicon.Entry entry : parsed.entries()) {
                Map<String, String> errors = new LinkedHashMap<>();
                PronunciationRule rule = checked(owner, new NewRule(entry.grapheme(), entry.alias(),
                        parsed.language() == null ? null : parsed.language().label(), true, false), errors);
                if (!errors.isEmpty()) {
                    skipped.add(new PlsLexicon.Skipped(entry.line(), entry.grapheme(), String.join(" ", errors.values())));
                } else if (Stream.concat(existing.stream(), added.stream()).anyMatch(r -> sameAs(r, rule))) {
                    skipped.add(new PlsLexicon.Skipped(entry.line(), entry.grapheme(), "already in the dictionary"));
                } else {
                    added.add(rule);
                }
            }
            requireRoom(owner, added.size());
            added.forEach(repository::insert);
        });
        if (!added.isEmpty()) {
            events.publishEvent(new PronunciationsChanged(owner));
        }
        skipped.sort(Comparator.comparingInt(PlsLexicon.Skipped::line));
        return new Imported(parsed.language(), added, skipped);
    }

    /** The rules for {@code language} and every language (all of them when null), as a PLS file. */
    String exportPls(Owner owner, String language) {
        Map<String, String> errors = new LinkedHashMap<>();
        Language chosen = language == null || language.isBlank() ? null : language(errors, language);
        throwIfAny(errors);
        List<PronunciationRule> rules = repository.findAll(owner.id()).stream()
                .filter(rule -> chosen == null || rule.language() == null || rule.language() == chosen).toList();
        return PlsLexicon.write(rules, chosen);
    }

    private Respeller respeller(Owner owner, Language language) {
        return new Respeller(repository.findAll(owner.id()).stream().filter(rule -> applies(rule, language)).toList());
    }

    private static boolean applies(PronunciationRule rule, Language language) {
        return rule.language() == null || language == Language.AUTO || rule.language() == language;
    }

    private PronunciationRule checked(Owner owner, NewRule request, Map<String, String> errors) {
        String phrase = text(errors, "phrase", request.phrase(), MAX_PHRASE, "Type the word or phrase to replace.");
        String alias = text(errors, "alias", request.alias(), MAX_ALIAS,
                "Type how it should be said, spelled as it sounds.");
        Language language = request.language() == null || request.language().isBlank()
                || request.language().equalsIgnoreCase("all") ? null : language(errors, request.language());
        if (language == Language.AUTO) {
            language = null;
        }
        return new PronunciationRule(UUID.randomUUID().toString(), owner.id(), phrase, alias, language,
                request.wholeWord() == null || request.wholeWord(), Boolean.TRUE.equals(request.caseSensitive()),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
    }

    private void requireRoom(Owner owner, int adding) {
        long have = repository.count(owner.id());
        if (have + adding > MAX_RULES) {
            throw new ApiProblem(HttpStatus.CONFLICT, "dictionary-full", "Dictionary full", "The dictionary holds "
                    + have + " rules and " + adding + " more would pass its " + MAX_RULES + "; delete some first.");
        }
    }

    private void requireNew(Owner owner, PronunciationRule rule) {
        repository.findAll(owner.id()).stream().filter(existing -> sameAs(existing, rule)).findFirst()
                .ifPresent(existing -> {
                    throw new ApiProblem(HttpStatus.CONFLICT, "rule-exists", "Rule exists", "There is already a rule "
                            + "for '" + existing.phrase() + "' in " + (existing.language() == null ? "every language"
                            : existing.language().label()) + "; delete it first to change it.",
                            Map.of("existing_rule_id", existing.id()));
                });
    }

    private static boolean sameAs(PronunciationRule a, PronunciationRule b) {
        return a.language() == b.language()
                && a.phrase().toLowerCase(Locale.ROOT).equals(b.phrase().toLowerCase(Locale.ROOT));
    }

    private static Language language(Map<String, String> errors, String language) {
        return Language.parse(language).orElseGet(() -> {
            errors.put("language", Language.unsupported(language));
            return null;
        });
    }

    private static String text(Map<String, String> errors, String field, String typed, int max, String whenEmpty) {
        String value = typed == null ? "" : typed.strip();
        if (value.isEmpty()) {
            errors.put(field, whenEmpty);
        } else if (value.length() > max) {
            errors.put(field, "The " + field + " is " + value.length() + " characters long; use at most " + max + ".");
        } else {
            WellFormedText.flaw(field, value).ifPresent(flaw -> errors.put(field, flaw));
        }
        return value;
    }

    private static void throwIfAny(Map<String, String> errors) {
        if (!errors.isEmpty()) {
            throw ApiProblem.invalidFields("invalid-rule", errors);
        }
    }
}
