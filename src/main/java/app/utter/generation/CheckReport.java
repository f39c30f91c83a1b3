package app.utter.generation;

import java.util.List;

/**
 * What listening to a generation's chunks found (the self-check).
 *
 * @param checked      chunks heard and judged
 * @param redone       chunks spoken again, and why
 * @param checkSeconds time spent listening, beside the time spent speaking
 * @param note         why chunks went unchecked, in a sentence; null when all were checked
 */
public record CheckReport(int checked, List<Redo> redone, double checkSeconds, String note) {

    /**
     * A chunk spoken again: {@code takes} in all, what was wrong with each take that was not kept, and whether
     * the take kept passed (when none did, the least bad was kept).
     */
    public record Redo(int chunk, int takes, List<String> reasons, boolean passed) {
    }

    public CheckReport {
        redone = redone == null ? List.of() : List.copyOf(redone);
    }
}
