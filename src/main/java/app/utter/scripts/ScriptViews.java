package app.utter.scripts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import app.utter.generation.Generation;

/** The JSON shapes of scripts, segments and takes. */
final class ScriptViews {

    private ScriptViews() {}

    record ScriptSummary(String id, String title, long characters, Instant createdAt, Instant updatedAt) {
    }

    record ScriptList(List<ScriptSummary> items, int maxCharacters) {
    }

    /** Counts of segments by state, and whether the whole script can be played and exported. */
    record Progress(int total, Map<String, Integer> segments, boolean done, Double durationSeconds) {
    }

    record ChapterView(String title, String segmentId) {
    }

    record SegmentView(String id, int position, boolean heading, String speaker, String voiceId, String language,
                       String instructions, String text, boolean continues, boolean locked, String state,
                       String error, String takeId, Long seed, String generationId, String audioUrl,
                       Double durationSeconds, Double startSeconds) {
    }

    record ScriptView(String id, String title, Map<String, String> speakers, int characters, Progress progress,
                      List<ChapterView> chapters, List<SegmentView> segments, Instant createdAt, Instant updatedAt) {
    }

    record TakeView(String id, long seed, String generationId, String status, boolean current, boolean chosen,
                    String audioUrl, Double durationSeconds, Instant createdAt) {
    }

    static ScriptView of(ScriptSnapshot snapshot, List<ScriptAudio.Span> spans) {
        Map<String, ScriptAudio.Span> starts = new LinkedHashMap<>();
        spans.forEach(span -> starts.put(span.segmentId(), span));
        List<SegmentView> segments = new ArrayList<>();
        for (Segment segment : snapshot.segments()) {
            segments.add(of(snapshot, segment, starts.get(segment.id())));
        }
        List<ChapterView> chapters = ScriptAudio.chapters(snapshot).stream()
                .map(chapter -> new ChapterView(chapter.title(), chapter.segments().getFirst().id())).toList();
        Script script = snapshot.script();
        return new ScriptView(script.id(), script.title(), script.speakers(), snapshot.characters(),
                progress(snapshot, spans), chapters, segments, script.createdAt(), script.updatedAt());
    }

    static Progress progress(ScriptSnapshot snapshot, List<ScriptAudio.Span> spans) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        snapshot.counts().forEach((state, count) -> counts.put(name(state), count));
        boolean done = snapshot.done();
        return new Progress(snapshot.segments().size(), counts, done,
                done && !spans.isEmpty() ? spans.getLast().end() : null);
    }

    private static SegmentView of(ScriptSnapshot snapshot, Segment segment, ScriptAudio.Span span) {
        Take take = snapshot.chosen(segment).orElse(null);
        Generation audio = snapshot.audio(segment).orElse(null);
        return new SegmentView(segment.id(), segment.position(), segment.heading(), segment.speaker(),
                segment.voiceId(), segment.language(), segment.instructions(), segment.text(), segment.continues(),
                segment.locked(), name(snapshot.state(segment)), snapshot.error(segment),
                take == null ? null : take.id(), take == null ? null : take.seed(),
                take == null ? null : take.generationId(), audio == null ? null : audioUrl(audio.id()),
                audio == null || audio.duration() == null ? null : audio.duration().toMillis() / 1000.0,
                span == null ? null : span.start());
    }

    static TakeView of(Take take, Segment segment, Generation generation) {
        boolean finished = generation != null && generation.status() == Generation.Status.SUCCEEDED;
        return new TakeView(take.id(), take.seed(), take.generationId(),
                generation == null ? "deleted" : generation.status().name().toLowerCase(Locale.ROOT),
                take.fingerprint().equals(segment.fingerprint()), take.id().equals(segment.takeId()),
                finished ? audioUrl(generation.id()) : null,
                finished && generation.duration() != null ? generation.duration().toMillis() / 1000.0 : null,
                take.createdAt());
    }

    private static String audioUrl(String generationId) {
        return "/api/v1/generations/" + generationId + "/audio";
    }

    private static String name(SegmentState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }
}
