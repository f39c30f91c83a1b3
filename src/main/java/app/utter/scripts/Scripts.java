package app.utter.scripts;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import app.utter.accounts.Owner;
import app.utter.generation.Generations;
import app.utter.storage.BlobStore;
import app.utter.voices.VoiceLibrary;
import app.utter.web.ApiProblem;
import app.utter.web.WellFormedText;

/** Scripts as wholes: create (from JSON segments or labelled text), list, read, rename, recast, render, delete. */
@Service
class Scripts {

    private final ScriptRepository repository;
    private final Generations generations;
    private final VoiceLibrary voices;
    private final ScriptRenderer renderer;
    private final BlobStore store;
    private final TransactionOperations transactions;

    Scripts(ScriptRepository repository, Generations generations, VoiceLibrary voices, ScriptRenderer renderer,
            BlobStore store, TransactionOperations transactions) {
        this.repository = repository;
        this.generations = generations;
        this.voices = voices;
        this.renderer = renderer;
        this.store = store;
        this.transactions = transactions;
    }

    Script create(Owner owner, NewScript request) {
        SegmentRules rules = new SegmentRules(owner, voices);
        String title = rules.title(request.title());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Script script = new Script(UUID.randomUUID().toString(), owner.id(), title, new LinkedHashMap<>(), now, now);
        List<Segment> segments = new ArrayList<>();
        if (request.text() != null) {
            fromLabelledText(rules, script, request, segments);
        } else if (request.segments() != null) {
            for (int i = 0; i < request.segments().size(); i++) {
                segments.add(rules.segment("segments[" + i + "].", blank(script.id(), i), request.segments().get(i)));
            }
        }
        if (segments.isEmpty()) {
            rules.problem("text", "Write the script's text, or give its segments.");
        }
        rules.size(segments.size(), segments.stream().mapToInt(s -> s.text().length()).sum());
        rules.throwIfInvalid();
        transactions.executeWithoutResult(status -> {
            repository.insert(script);
            segments.forEach(repository::insert);
        });
        return script;
    }

    private void fromLabelledText(SegmentRules rules, Script script, NewScript request, List<Segment> segments) {
        LabelledText.Parsed parsed = LabelledText.parse(request.text());
        Map<String, String> cast = request.speakers() == null ? Map.of() : request.speakers();
        List<String> unmapped = parsed.speakers().stream().filter(label -> cast.get(label) == null).toList();
        if (!unmapped.isEmpty()) {
            rules.problem("speakers", "Choose a voice for " + String.join(", ", unmapped) + ".");
            return;
        }
        parsed.speakers().forEach(label -> {
            rules.voice("speakers." + label, cast.get(label));
            script.speakers().put(label, cast.get(label));
        });
        String narrator = parsed.speakers().isEmpty() ? null : cast.get(parsed.speakers().iterator().next());
        for (LabelledText.Piece piece : parsed.pieces()) {
            String voice = piece.heading() ? narrator : cast.get(piece.speaker());
            segments.add(rules.segment("text.", blank(script.id(), segments.size()), new SegmentDraft(piece.text(),
                    voice, null, null, piece.heading(), piece.speaker(), piece.continues())));
        }
    }

    static Segment blank(String scriptId, int position) {
        return new Segment(UUID.randomUUID().toString(), scriptId, position, false, null, null, null, null, "",
                false, false, null, false, null);
    }

    Script get(Owner owner, String id) {
        return (WellFormedText.isClean(id) ? repository.findOwned(owner.id(), id) : java.util.Optional.<Script>empty())
                .orElseThrow(() -> ApiProblem.notFound("Script", id));
    }

    List<Script> list(Owner owner) {
        return repository.findByOwner(owner.id());
    }

    Map<String, Long> characters(Owner owner) {
        return repository.characters(owner.id());
    }

    /** The script with its segments, their takes and the state of each. */
    ScriptSnapshot snapshot(Owner owner, String id) {
        Script script = get(owner, id);
        List<Segment> segments = repository.segments(id);
        Map<String, Take> takes = repository.takesOf(id);
        List<String> chosen = segments.stream().map(Segment::takeId).filter(takes::containsKey)
                .map(take -> takes.get(take).generationId()).toList();
        return new ScriptSnapshot(script, segments, takes, generations.find(owner, chosen));
    }

    /**
     * A new title, or another voice for a speaker label: every unlocked segment under that label takes it (and
     * is stale until rendered again).
     */
    Script update(Owner owner, String id, String title, Map<String, String> speakers) {
        Script script = get(owner, id);
        SegmentRules rules = new SegmentRules(owner, voices);
        String newTitle = title == null ? script.title() : rules.title(title);
        Map<String, String> cast = new LinkedHashMap<>(script.speakers());
        if (speakers != null) {
            speakers.forEach((label, voice) -> rules.voice("speakers." + label, voice));
            cast.putAll(speakers);
        }
        rules.throwIfInvalid();
        Script updated = new Script(id, script.ownerId(), newTitle, cast, script.createdAt(), Instant.now());
        transactions.executeWithoutResult(status -> {
            repository.update(updated);
            if (speakers != null) {
                for (Segment segment : repository.segments(id)) {
                    String voice = segment.speaker() == null ? null : speakers.get(segment.speaker());
                    if (voice != null && !segment.locked() && !voice.equals(segment.voiceId())) {
                        repository.update(new Segment(segment.id(), id, segment.position(), segment.heading(),
                                segment.speaker(), voice, segment.language(), segment.instructions(), segment.text(),
                                segment.continues(), false, segment.takeId(), false, null));
                    }
                }
            }
        });
        return updated;
    }

    /**
     * Asks for the segments without audio of their current text (never rendered, edited since, failed) to be
     * rendered; with {@code everything}, every unlocked segment gets a new take. Returns how many were asked for.
     */
    int render(Owner owner, String id, boolean everything) {
        ScriptSnapshot snapshot = snapshot(owner, id);
        List<String> wanted = snapshot.segments().stream().filter(segment -> switch (snapshot.state(segment)) {
            case STALE, FAILED -> !segment.locked() || snapshot.chosen(segment).isEmpty();
            case DONE -> everything && !segment.locked();
            case WAITING, QUEUED, RUNNING -> false;
        }).map(Segment::id).toList();
        repository.want(wanted);
        renderer.wake(id);
        return wanted.size();
    }

    /** Deletes the script, every take's audio and the exports made of it. */
    void delete(Owner owner, String id) {
        get(owner, id);
        List<String> made = repository.takesOf(id).values().stream().map(Take::generationId).toList();
        repository.delete(id);
        generations.find(owner, made).keySet().forEach(generation -> generations.delete(owner, generation));
        try {
            store.deleteAll(ScriptAudio.folder(id));
        } catch (IOException e) {
            throw new IllegalStateException("Could not delete the audio of script " + id, e);
        }
    }
}
