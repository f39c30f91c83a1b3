package app.utter.audio;

import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/** Joins the 24 kHz speech of consecutive TTS chunks into one clip; see {@link Stitch} for what each join does. */
@Component
public class SpeechStitcher {

    /** A natural pause after a sentence. */
    public static final Duration SENTENCE_PAUSE = Duration.ofMillis(250);

    /** A clip to build chunk by chunk, in speaking order, as the chunks arrive. */
    public Stitch start() {
        return new Stitch();
    }

    /** All chunks at once, with the same pause between each two. */
    public PcmAudio join(List<PcmAudio> chunks, Duration pause) {
        Stitch stitch = start();
        chunks.forEach(chunk -> stitch.append(chunk, pause));
        return stitch.finish();
    }
}
