package app.utter.scripts;

import java.util.List;
import java.util.Map;

/**
 * A script to create: a title and either its {@code segments} as JSON, or {@code text} with speaker labels
 * ({@link LabelledText}) and the voice each label stands for in {@code speakers}.
 */
record NewScript(String title, List<SegmentDraft> segments, String text, Map<String, String> speakers) {
}
