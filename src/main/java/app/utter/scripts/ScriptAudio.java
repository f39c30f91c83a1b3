package app.utter.scripts;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import app.utter.accounts.Owner;
import app.utter.audio.AudioFormat;
import app.utter.audio.AudioQuality;
import app.utter.audio.PcmAudio;
import app.utter.audio.SpeechEncoder;
import app.utter.audio.SpeechSequence;
import app.utter.generation.Generation;
import app.utter.generation.GenerationCaptions;
import app.utter.generation.Generations;
import app.utter.listening.Captions;
import app.utter.storage.BlobStore;
import app.utter.web.ApiProblem;

/**
 * A rendered script as audio: every segment's chosen take in order with {@link Pauses} between them, as one file
 * or one file per chapter in a ZIP, and its captions. Made segment by segment (memory does not grow with the
 * script), on first request, and kept until a take or the order changes.
 */
@Component
class ScriptAudio {

    private static final int SAMPLE_RATE = 24_000;

    /** A chapter: a heading and the segments up to the next one (the first may have no heading). */
    record Chapter(String title, List<Segment> segments) {
    }

    /** Where a segment's audio lies in the whole, in seconds. */
    record Span(String segmentId, double start, double end) {
    }

    private final Generations generations;
    private final GenerationCaptions captions;
    private final SpeechEncoder encoder;
    private final BlobStore store;

    ScriptAudio(Generations generations, GenerationCaptions captions, SpeechEncoder encoder, BlobStore store) {
        this.generations = generations;
        this.captions = captions;
        this.encoder = encoder;
        this.store = store;
    }

    static String folder(String scriptId) {
        return "scripts/" + scriptId;
    }

    /** The whole script in one file. */
    Resource whole(Owner owner, ScriptSnapshot snapshot, AudioFormat format, AudioQuality quality) {
        requireDone(snapshot);
        Made state = state(snapshot);
        String name = "script" + suffix(quality) + "." + format.extension();
        return store.get(state.key(name)).orElseGet(() -> made(state, name, file -> {
            try (SpeechSequence sequence = encoder.sequence(format, quality, SAMPLE_RATE, file)) {
                append(owner, snapshot, snapshot.segments(), sequence);
                sequence.finish();
            }
        }));
    }

    /** One file per chapter in a ZIP, named by number and title; together exactly as long as the whole. */
    Resource chapters(Owner owner, ScriptSnapshot snapshot, AudioFormat format, AudioQuality quality) {
        requireDone(snapshot);
        Made state = state(snapshot);
        String name = "chapters" + suffix(quality) + "-" + format.extension() + ".zip";
        return store.get(state.key(name)).orElseGet(() -> made(state, name, file -> {
            try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
                List<Chapter> chapters = chapters(snapshot);
                for (int i = 0; i < chapters.size(); i++) {
                    Path part = Files.createTempFile("utter-chapter-", "." + format.extension());
                    try {
                        try (SpeechSequence sequence = encoder.sequence(format, quality, SAMPLE_RATE, part)) {
                            append(owner, snapshot, chapters.get(i).segments(), sequence);
                            sequence.finish();
                        }
                        zip.putNextEntry(new ZipEntry(entryName(i + 1, chapters.get(i).title(), format)));
                        Files.copy(part, zip);
                        zip.closeEntry();
                    } finally {
                        Files.deleteIfExists(part);
                    }
                }
            }
        }));
    }

    /** The captions of the whole script: each segment's, moved to where it starts. */
    Captions captions(Owner owner, ScriptSnapshot snapshot) {
        requireDone(snapshot);
        List<Span> spans = spans(snapshot);
        List<Captions> parts = new ArrayList<>();
        for (Segment segment : snapshot.segments()) {
            parts.add(captions.of(owner, snapshot.audio(segment).orElseThrow().id()));
        }
        return Captions.joined(parts, spans.stream().map(Span::start).toList(),
                spans.isEmpty() ? 0 : spans.getLast().end());
    }

    /** Where each finished segment starts and ends in the whole; stops at the first one without audio. */
    List<Span> spans(ScriptSnapshot snapshot) {
        List<Span> spans = new ArrayList<>();
        double at = 0;
        List<Segment> segments = snapshot.segments();
        for (int i = 0; i < segments.size(); i++) {
            Generation generation = snapshot.audio(segments.get(i)).orElse(null);
            if (generation == null || generation.duration() == null) {
                break;
            }
            double end = at + generation.duration().toMillis() / 1000.0;
            spans.add(new Span(segments.get(i).id(), at, end));
            at = end + (i + 1 < segments.size() ? seconds(Pauses.between(segments.get(i), segments.get(i + 1))) : 0);
        }
        return spans;
    }

    static List<Chapter> chapters(ScriptSnapshot snapshot) {
        List<Chapter> chapters = new ArrayList<>();
        for (Segment segment : snapshot.segments()) {
            if (segment.heading() || chapters.isEmpty()) {
                chapters.add(new Chapter(segment.heading() ? segment.text() : snapshot.script().title(),
                        new ArrayList<>()));
            }
            chapters.getLast().segments().add(segment);
        }
        return chapters;
    }

    /** Each segment's audio and the pause after it, the last one's pause too where the script goes on. */
    private void append(Owner owner, ScriptSnapshot snapshot, List<Segment> segments, SpeechSequence sequence)
            throws IOException {
        List<Segment> all = snapshot.segments();
        for (Segment segment : segments) {
            Resource wav = generations.audio(owner, snapshot.audio(segment).orElseThrow().id(), AudioFormat.WAV);
            try (InputStream in = wav.getInputStream()) {
                sequence.append(PcmAudio.readWav(in));
            }
            int next = all.indexOf(segment) + 1;
            if (next < all.size()) {
                sequence.silence(Pauses.between(segment, all.get(next)));
            }
        }
    }

    private static void requireDone(ScriptSnapshot snapshot) {
        if (!snapshot.done()) {
            var counts = snapshot.counts();
            throw new ApiProblem(HttpStatus.CONFLICT, "script-not-rendered", "Script not rendered yet",
                    String.format("%d of %d segments are rendered; render the script and wait for the rest (%d "
                            + "failed, %d not rendered yet).", counts.get(SegmentState.DONE),
                            snapshot.segments().size(), counts.get(SegmentState.FAILED),
                            counts.get(SegmentState.STALE)));
        }
    }

    private interface FileMaker {
        void make(Path file) throws IOException;
    }

    /** What files are kept for: a script in one state of its takes, order and pauses. */
    private record Made(String folder, String fingerprint) {
        String key(String name) {
            return folder + "/" + fingerprint + "/" + name;
        }
    }

    /** Makes the file and keeps it (dropping what was kept for an earlier state of the script); returns it. */
    private Resource made(Made state, String name, FileMaker maker) {
        try {
            Path file = Files.createTempFile("utter-script-", "-" + name);
            try {
                maker.make(file);
                Resource marker = store.get(state.folder() + "/state").orElse(null);
                String previous = marker == null ? null : marker.getContentAsString(StandardCharsets.UTF_8);
                if (previous != null && !previous.equals(state.fingerprint())) {
                    store.deleteAll(state.folder() + "/" + previous);
                }
                store.put(state.folder() + "/state", state.fingerprint().getBytes(StandardCharsets.UTF_8));
                store.put(state.key(name), file);
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make " + state.key(name), e);
        }
        return store.get(state.key(name)).orElseThrow();
    }

    private static Made state(ScriptSnapshot snapshot) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Segment> segments = snapshot.segments();
            for (int i = 0; i < segments.size(); i++) {
                sha.update(snapshot.chosen(segments.get(i)).map(Take::generationId).orElse("-")
                        .getBytes(StandardCharsets.UTF_8));
                if (i + 1 < segments.size()) {
                    sha.update(Pauses.between(segments.get(i), segments.get(i + 1)).toString()
                            .getBytes(StandardCharsets.UTF_8));
                }
            }
            return new Made(folder(snapshot.script().id()), HexFormat.of().formatHex(sha.digest(), 0, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String suffix(AudioQuality quality) {
        return quality == AudioQuality.STANDARD ? "" : "-" + quality.name().toLowerCase(Locale.ROOT);
    }

    static String entryName(int number, String title, AudioFormat format) {
        String safe = title.replaceAll("[\\\\/:*?\"<>|\\p{Cntrl}]", "").strip();
        safe = safe.length() > 60 ? safe.substring(0, 60).strip() : safe;
        return String.format("%02d %s.%s", number, safe.isEmpty() ? "Chapter" : safe, format.extension());
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}
