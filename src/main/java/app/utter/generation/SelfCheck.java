package app.utter.generation;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import app.utter.audio.PcmAudio;
import app.utter.listening.Listening;
import app.utter.listening.ListeningUnavailableException;
import app.utter.listening.SpeechCheck;
import app.utter.tts.Transcript;

/**
 * One job's self-check: each chunk is heard as soon as it is made, and one that runs on, is cut short or misses
 * its words is spoken again with another seed, at most twice; the best take is kept, and every redo recorded.
 */
final class SelfCheck {

    static final int MAX_REDOS = 2;

    /** Speaks the chunk with a seed (null: the worker picks one). */
    @FunctionalInterface
    interface Take {
        PcmAudio speak(Long seed) throws IOException, InterruptedException;
    }

    /** Hears a clip (WAV bytes). */
    @FunctionalInterface
    interface Ears {
        Transcript hear(byte[] wav) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(SelfCheck.class);

    private final Ears ears; // null when the check is off
    private final AtomicInteger checked = new AtomicInteger();
    private final AtomicLong listeningNanos = new AtomicLong();
    private final List<CheckReport.Redo> redone = new ArrayList<>();
    private volatile String note;

    private SelfCheck(Ears ears, String note) {
        this.ears = ears;
        this.note = note;
    }

    /** The check a generation asked for: off when it did not, or when the worker does not listen (with a note). */
    static SelfCheck of(Generation generation, Listening listening, Ears ears) {
        if (!generation.selfCheck()) {
            return new SelfCheck(null, null);
        }
        Listening.Abilities abilities = listening.abilities();
        return abilities.transcription() ? new SelfCheck(ears, null)
                : new SelfCheck(null, "Not checked: " + uncapitalized(abilities.note()));
    }

    boolean on() {
        return ears != null;
    }

    /** Chunk {@code index}'s audio, spoken again when it fails the check. */
    PcmAudio speak(int index, String text, Long seed, Take take) throws IOException, InterruptedException {
        PcmAudio best = take.speak(seed);
        SpeechCheck.Verdict verdict = judge(text, best);
        if (verdict == null) {
            return best;
        }
        checked.incrementAndGet();
        if (verdict.passed()) {
            return best;
        }
        List<String> reasons = new ArrayList<>(List.of(verdict.reason()));
        int takes = 1;
        for (int redo = 1; redo <= MAX_REDOS; redo++) {
            PcmAudio again = take.speak(seed == null ? ThreadLocalRandom.current().nextLong(1L << 31) : seed + redo);
            takes++;
            SpeechCheck.Verdict next = judge(text, again);
            if (next == null) {
                break;
            }
            if (next.badness() < verdict.badness()) {
                best = again;
                verdict = next;
            }
            if (next.passed()) {
                break;
            }
            reasons.add(next.reason());
        }
        log.info("Chunk {} spoken {} times: {}", index, takes, reasons);
        synchronized (redone) {
            redone.add(new CheckReport.Redo(index, takes, List.copyOf(reasons), verdict.passed()));
        }
        return best;
    }

    /** What the check found; null when it was not asked for. */
    CheckReport report() {
        if (ears == null && note == null) {
            return null;
        }
        List<CheckReport.Redo> sorted;
        synchronized (redone) {
            sorted = redone.stream().sorted(java.util.Comparator.comparingInt(CheckReport.Redo::chunk)).toList();
        }
        return new CheckReport(checked.get(), sorted, Math.round(listeningNanos.get() / 1e6) / 1000.0, note);
    }

    /** The verdict on a take, or null when the worker could not hear it (the chunk then goes unchecked). */
    private SpeechCheck.Verdict judge(String text, PcmAudio audio) throws InterruptedException {
        if (ears == null) {
            return null;
        }
        long started = System.nanoTime();
        try {
            return SpeechCheck.judge(text, audio.duration().toNanos() / 1e9, ears.hear(audio.toWav()));
        } catch (ListeningUnavailableException unavailable) {
            note = "Some parts were not checked: " + uncapitalized(unavailable.sentence());
            return null;
        } finally {
            listeningNanos.addAndGet(System.nanoTime() - started);
        }
    }

    private static String uncapitalized(String sentence) {
        return sentence.isEmpty() ? sentence : Character.toLowerCase(sentence.charAt(0)) + sentence.substring(1);
    }
}
