package app.utter.scripts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

import app.utter.accounts.Owner;
import app.utter.generation.Generation;
import app.utter.generation.Generations;
import app.utter.voices.VoiceLibrary;
import app.utter.web.ApiProblem;

/**
 * Changes to a script's segments: add, edit, split, merge, move, delete; its takes: render one again, choose one,
 * lock it. An edit leaves every other segment's audio as it is; only the edited one needs rendering again.
 */
@Service
class SegmentEdits {

    private final Scripts scripts;
    private final ScriptRepository repository;
    private final ScriptRenderer renderer;
    private final Generations generations;
    private final VoiceLibrary voices;
    private final TransactionOperations transactions;

    SegmentEdits(Scripts scripts, ScriptRepository repository, ScriptRenderer renderer, Generations generations,
                 VoiceLibrary voices, TransactionOperations transactions) {
        this.scripts = scripts;
        this.repository = repository;
        this.renderer = renderer;
        this.generations = generations;
        this.voices = voices;
        this.transactions = transactions;
    }

    /** Adds a segment at {@code position} (0 first; null or past the end: last). */
    Segment add(Owner owner, String scriptId, SegmentDraft draft, Integer position) {
        ScriptSnapshot snapshot = scripts.snapshot(owner, scriptId);
        SegmentRules rules = new SegmentRules(owner, voices);
        Segment segment = rules.segment("", Scripts.blank(scriptId, 0), draft);
        rules.size(snapshot.segments().size() + 1, snapshot.characters() + segment.text().length());
        rules.throwIfInvalid();
        List<Segment> order = new ArrayList<>(snapshot.segments());
        int at = position == null ? order.size() : Math.clamp(position, 0, order.size());
        order.add(at, segment);
        transactions.executeWithoutResult(status -> {
            repository.insert(segment);
            renumber(order);
        });
        return segment;
    }

    /** Edits a segment; a locked one must be unlocked first ({@code locked: false} in the same change is enough). */
    Segment change(Owner owner, String scriptId, String segmentId, SegmentDraft draft, Boolean locked, String takeId) {
        ScriptSnapshot snapshot = scripts.snapshot(owner, scriptId);
        Segment old = snapshot.segment(segmentId);
        boolean lock = locked == null ? old.locked() : locked;
        boolean edits = draft.text() != null || draft.voiceId() != null || draft.language() != null
                || draft.instructions() != null || draft.heading() != null || draft.speaker() != null
                || draft.continues() != null || takeId != null;
        if (old.locked() && lock && edits) {
            throw new ApiProblem(HttpStatus.CONFLICT, "segment-locked", "Segment locked", "This segment's take is "
                    + "locked. Unlock it to edit the segment or choose another take.");
        }
        SegmentRules rules = new SegmentRules(owner, voices);
        Segment edited = rules.segment("", old, draft);
        rules.size(snapshot.segments().size(), snapshot.characters() - old.text().length() + edited.text().length());
        Take target = takeId == null ? snapshot.chosen(edited).orElse(null) : take(edited, takeId);
        if (lock && !old.locked() && (target == null || !finished(owner, target))) {
            rules.problem("locked", "Only a segment whose current take is finished can be locked. Render it first.");
        }
        rules.throwIfInvalid();
        boolean sameSpeech = edited.fingerprint().equals(old.fingerprint());
        Segment saved = new Segment(old.id(), scriptId, old.position(), edited.heading(), edited.speaker(),
                edited.voiceId(), edited.language(), edited.instructions(), edited.text(), edited.continues(), lock,
                takeId == null ? old.takeId() : takeId, old.renderWanted() && sameSpeech, null);
        repository.update(saved);
        repository.touch(scriptId, Instant.now());
        if (!sameSpeech) { // the take being made speaks the old text: stop it
            snapshot.chosen(old).ifPresent(take -> stopIfRunning(owner, take));
        }
        return saved;
    }

    private boolean finished(Owner owner, Take take) {
        Generation generation = generations.find(owner, List.of(take.generationId())).get(take.generationId());
        return generation != null && generation.status() == Generation.Status.SUCCEEDED;
    }

    private void stopIfRunning(Owner owner, Take take) {
        Generation generation = generations.find(owner, List.of(take.generationId())).get(take.generationId());
        if (generation != null && !generation.status().finished()) {
            try {
                generations.cancel(owner, generation.id());
            } catch (ApiProblem finishedMeanwhile) {
                // it ended on its own: nothing to stop
            }
        }
    }

    private Take take(Segment segment, String takeId) {
        Take take = repository.takes(segment.id()).stream().filter(t -> t.id().equals(takeId)).findFirst()
                .orElseThrow(() -> ApiProblem.notFound("Take", takeId));
        if (!take.fingerprint().equals(segment.fingerprint())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "take-outdated", "Take of an earlier version", "This take was "
                    + "made before the segment was last edited; only takes of its current text can be chosen.");
        }
        return take;
    }

    /** Renders this segment alone now, as a new take (also a failed segment's retry). */
    Take renderAgain(Owner owner, String scriptId, String segmentId) {
        Segment segment = scripts.snapshot(owner, scriptId).segment(segmentId);
        if (segment.locked()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "segment-locked", "Segment locked",
                    "This segment's take is locked. Unlock it to render it again.");
        }
        Take take = renderer.renderNow(owner, segment);
        if (take == null) {
            Segment refused = scripts.snapshot(owner, scriptId).segment(segmentId);
            throw new ApiProblem(HttpStatus.CONFLICT, "render-refused", "Could not render", refused.renderError());
        }
        return take;
    }

    List<Take> takes(Owner owner, String scriptId, String segmentId) {
        return repository.takes(scripts.snapshot(owner, scriptId).segment(segmentId).id());
    }

    void delete(Owner owner, String scriptId, String segmentId) {
        ScriptSnapshot snapshot = scripts.snapshot(owner, scriptId);
        Segment segment = snapshot.segment(segmentId);
        List<String> made = repository.takes(segmentId).stream().map(Take::generationId).toList();
        List<Segment> order = new ArrayList<>(snapshot.segments());
        order.remove(segment);
        transactions.executeWithoutResult(status -> {
            repository.deleteSegment(segmentId);
            renumber(order);
        });
        generations.find(owner, made).keySet().forEach(id -> generations.delete(owner, id));
    }

    /** Cuts a segment at character {@code at}: the rest becomes a new segment after it, same voice and settings. */
    List<Segment> split(Owner owner, String scriptId, String segmentId, int at) {
        ScriptSnapshot snapshot = scripts.snapshot(owner, scriptId);
        Segment segment = unlocked(snapshot.segment(segmentId));
        String first = at > 0 && at < segment.text().length() ? segment.text().substring(0, at).strip() : "";
        String second = first.isEmpty() ? "" : segment.text().substring(at).strip();
        if (first.isEmpty() || second.isEmpty()) {
            throw ApiProblem.invalidFields("invalid-split", java.util.Map.of("at", "Split between 1 and "
                    + (segment.text().length() - 1) + " characters in, where both parts keep some text."));
        }
        Segment head = copy(segment, segment.id(), first, true);
        Segment tail = copy(segment, java.util.UUID.randomUUID().toString(), second, segment.continues());
        List<Segment> order = new ArrayList<>(snapshot.segments());
        order.add(order.indexOf(segment) + 1, tail);
        transactions.executeWithoutResult(status -> {
            repository.update(head);
            repository.insert(tail);
            renumber(order);
        });
        return List.of(head, tail);
    }

    /** Joins a segment with the next one, which must have the same voice, language and instructions. */
    Segment merge(Owner owner, String scriptId, String segmentId) {
        ScriptSnapshot snapshot = scripts.snapshot(owner, scriptId);
        Segment segment = unlocked(snapshot.segment(segmentId));
        int index = snapshot.segments().indexOf(segment);
        if (index == snapshot.segments().size() - 1) {
            throw new ApiProblem(HttpStatus.CONFLICT, "nothing-to-merge", "Last segment",
                    "This is the last segment; there is no next one to merge it with.");
        }
        Segment next = unlocked(snapshot.segments().get(index + 1));
        if (!next.voiceId().equals(segment.voiceId()) || next.heading() != segment.heading()
                || !java.util.Objects.equals(next.language(), segment.language())
                || !java.util.Objects.equals(next.instructions(), segment.instructions())) {
            throw new ApiProblem(HttpStatus.CONFLICT, "segments-differ", "Different speakers", "The next segment "
                    + "has another voice, language, instructions or kind; only alike segments can be merged.");
        }
        SegmentRules rules = new SegmentRules(owner, voices);
        Segment merged = rules.segment("", segment, new SegmentDraft(segment.text() + " " + next.text(), null, null,
                null, null, null, next.continues()));
        rules.throwIfInvalid();
        Segment saved = copy(merged, segment.id(), merged.text(), next.continues());
        List<Segment> order = new ArrayList<>(snapshot.segments());
        order.remove(next);
        transactions.executeWithoutResult(status -> {
            repository.update(saved);
            repository.deleteSegment(next.id());
            renumber(order);
        });
        return saved;
    }

    /** Moves a segment to {@code position} (0 first); its audio stays as it is. */
    void move(Owner owner, String scriptId, String segmentId, int position) {
        ScriptSnapshot snapshot = scripts.snapshot(owner, scriptId);
        Segment segment = snapshot.segment(segmentId);
        List<Segment> order = new ArrayList<>(snapshot.segments());
        order.remove(segment);
        order.add(Math.clamp(position, 0, order.size()), segment);
        transactions.executeWithoutResult(status -> renumber(order));
    }

    private static Segment unlocked(Segment segment) {
        if (segment.locked()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "segment-locked", "Segment locked",
                    "A segment's take is locked. Unlock it to split or merge it.");
        }
        return segment;
    }

    private static Segment copy(Segment s, String id, String text, boolean continues) {
        return new Segment(id, s.scriptId(), s.position(), s.heading(), s.speaker(), s.voiceId(), s.language(),
                s.instructions(), text, continues, false, id.equals(s.id()) ? s.takeId() : null, false, null);
    }

    /** Stores every segment's place as its index in {@code order}, where it changed. */
    private void renumber(List<Segment> order) {
        for (int i = 0; i < order.size(); i++) {
            Segment s = order.get(i);
            if (s.position() != i) {
                repository.update(new Segment(s.id(), s.scriptId(), i, s.heading(), s.speaker(), s.voiceId(),
                        s.language(), s.instructions(), s.text(), s.continues(), s.locked(), s.takeId(),
                        s.renderWanted(), s.renderError()));
            }
        }
    }
}
