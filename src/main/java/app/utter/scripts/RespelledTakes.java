package app.utter.scripts;

import java.util.function.BiFunction;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import app.utter.accounts.Owner;
import app.utter.dictionary.Pronunciations;
import app.utter.dictionary.PronunciationsChanged;
import app.utter.generation.Generation;
import app.utter.voices.Language;

/**
 * When someone's pronunciation dictionary changes, each take of theirs that the dictionary would now have spoken
 * otherwise stops being its segment's audio, as if the segment had been edited: the segment shows as to render, and
 * a render redoes it alone. A locked take stays, as locks promise.
 */
@Component
class RespelledTakes {

    private final ScriptRepository repository;
    private final Scripts scripts;
    private final Pronunciations pronunciations;

    RespelledTakes(ScriptRepository repository, Scripts scripts, Pronunciations pronunciations) {
        this.repository = repository;
        this.scripts = scripts;
        this.pronunciations = pronunciations;
    }

    @EventListener
    void on(PronunciationsChanged changed) {
        Owner owner = changed.owner();
        BiFunction<Language, String, String> spoken = pronunciations.respeller(owner); // the rules read once
        for (Script script : repository.findByOwner(owner.id())) {
            ScriptSnapshot snapshot = scripts.snapshot(owner, script.id());
            for (Segment segment : snapshot.segments()) {
                if (segment.locked()) {
                    continue;
                }
                snapshot.chosen(segment).ifPresent(take -> {
                    Generation made = snapshot.generations().get(take.generationId());
                    Language language = made == null ? null : Language.parse(made.language()).orElse(Language.AUTO);
                    if (made != null && !spoken.apply(language, segment.text()).equals(made.textToSpeak())) {
                        repository.outdate(take.id());
                    }
                });
            }
        }
    }
}
