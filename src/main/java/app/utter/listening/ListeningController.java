package app.utter.listening;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Whether the speech worker transcribes and times words, so that pages offer only what works. */
@RestController
@Tag(name = "Transcriptions")
class ListeningController {

    /** {@code note}: why not, in a sentence, when it does not transcribe. */
    record ListeningView(boolean transcription, boolean alignment, String note) {
    }

    private final Listening listening;

    ListeningController(Listening listening) {
        this.listening = listening;
    }

    @Operation(summary = "What the speech worker hears: transcripts of clips, and word timings for captions")
    @GetMapping("/api/v1/listening")
    ListeningView abilities() {
        Listening.Abilities abilities = listening.abilities();
        return new ListeningView(abilities.transcription(), abilities.alignment(), abilities.note());
    }
}
