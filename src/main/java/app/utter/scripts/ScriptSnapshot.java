package app.utter.scripts;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import app.utter.generation.Generation;

/** A script as it is now: its segments in order, their takes, and the generations behind the chosen ones. */
record ScriptSnapshot(Script script, List<Segment> segments, Map<String, Take> takes,
                      Map<String, Generation> generations) {

    SegmentState state(Segment segment) {
        if (segment.renderWanted()) {
            return SegmentState.WAITING;
        }
        Optional<Generation> generation = chosen(segment).map(take -> generations.get(take.generationId()));
        if (generation.isEmpty() || generation.get() == null) {
            return segment.renderError() != null ? SegmentState.FAILED : SegmentState.STALE;
        }
        return switch (generation.get().status()) {
            case QUEUED -> SegmentState.QUEUED;
            case RUNNING -> SegmentState.RUNNING;
            case SUCCEEDED -> SegmentState.DONE;
            case FAILED, CANCELLED -> SegmentState.FAILED;
        };
    }

    /** Why the segment failed, in words a person can act on; null unless it failed. */
    String error(Segment segment) {
        if (state(segment) != SegmentState.FAILED) {
            return null;
        }
        if (segment.renderError() != null) {
            return segment.renderError();
        }
        Generation generation = generations.get(chosen(segment).orElseThrow().generationId());
        return generation.status() == Generation.Status.CANCELLED ? "The render was cancelled." : generation.error();
    }

    /** The chosen take, when it was made from the segment as it is now. */
    Optional<Take> chosen(Segment segment) {
        return Optional.ofNullable(segment.takeId()).map(takes::get)
                .filter(take -> take.fingerprint().equals(segment.fingerprint()));
    }

    /** The finished generation of the segment's chosen take; empty unless the segment is done. */
    Optional<Generation> audio(Segment segment) {
        return chosen(segment).map(take -> generations.get(take.generationId()))
                .filter(generation -> generation.status() == Generation.Status.SUCCEEDED);
    }

    Map<SegmentState, Integer> counts() {
        Map<SegmentState, Integer> counts = new EnumMap<>(SegmentState.class);
        for (SegmentState state : SegmentState.values()) {
            counts.put(state, 0);
        }
        segments.forEach(segment -> counts.merge(state(segment), 1, Integer::sum));
        return counts;
    }

    boolean done() {
        return !segments.isEmpty() && segments.stream().allMatch(segment -> state(segment) == SegmentState.DONE);
    }

    int characters() {
        return segments.stream().mapToInt(segment -> segment.text().length()).sum();
    }

    Segment segment(String id) {
        return segments.stream().filter(segment -> segment.id().equals(id)).findFirst()
                .orElseThrow(() -> app.utter.web.ApiProblem.notFound("Segment", id));
    }
}
