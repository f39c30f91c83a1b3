package app.utter.design;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import app.utter.accounts.Owner;
import app.utter.voices.Language;
import app.utter.voices.Voice;
import app.utter.web.AudioResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** Voices from words as a resource API: designs and their candidates, and the preset speakers. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Design", description = "Design voices from a description; preset speakers that take instructions")
class DesignController {

    private static final MediaType WAV = MediaType.parseMediaType("audio/wav");

    private final VoiceDesigns designs;
    private final PresetVoices presets;
    private final VoiceFamilies families;

    DesignController(VoiceDesigns designs, PresetVoices presets, VoiceFamilies families) {
        this.designs = designs;
        this.presets = presets;
        this.families = families;
    }

    record DesignAbilitiesView(boolean available, String note, int maxDescriptionChars, int minTextChars,
                               int maxTextChars, int maxCandidates) {
    }

    record CandidateView(int index, long seed, String audio) {
    }

    record DesignView(String id, String description, String text, Language language, List<CandidateView> candidates,
                      Instant createdAt, Instant keptUntil) {

        static DesignView of(VoiceDesign design) {
            String self = "/api/v1/designs/" + design.id();
            return new DesignView(design.id(), design.description(), design.text(), design.language(),
                    IntStream.range(0, design.seeds().size()).mapToObj(i -> new CandidateView(i,
                            design.seeds().get(i), self + "/candidates/" + i)).toList(),
                    design.createdAt(), design.createdAt().plus(VoiceDesigns.KEPT));
        }
    }

    record SaveRequest(Integer candidate, String name) {
    }

    record SavedVoiceView(String id, String name, String transcript, Language language, String description,
                          String self) {
    }

    record SpeakerView(String id, String name, String label, List<String> languages, String dialect,
                       String description, boolean instructions, String sample) {
    }

    record SpeakersView(boolean available, String note, boolean instructions, int maxInstructionChars,
                        List<SpeakerView> items) {
    }

    @Operation(summary = "Whether voices can be designed now, and the limits of a design",
            description = "available false with a note naming the speech worker's setting that turns design on.")
    @GetMapping("/design")
    DesignAbilitiesView abilities() {
        VoiceFamilies.Abilities can = families.abilities();
        return new DesignAbilitiesView(can.designs(), can.designNote(), can.maxInstructionChars(),
                VoiceDesigns.MIN_TEXT, VoiceDesigns.MAX_TEXT, VoiceDesigns.MAX_CANDIDATES);
    }

    @Operation(summary = "Design a voice: hear candidates of a described voice saying a line",
            description = "description (age, gender, accent, timbre, mood), text (20 to 300 characters, becomes the "
                    + "saved voice's transcript), language (Auto when left out), candidates (1 to 3, default 3). "
                    + "Costs the text's characters once per candidate. 409 design-unavailable when the worker does "
                    + "not design voices. Unsaved designs are kept for a day.")
    @PostMapping(path = "/designs", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DesignView> design(Owner owner, @RequestBody NewDesign request) {
        VoiceDesign design = designs.design(owner, request);
        return ResponseEntity.created(URI.create("/api/v1/designs/" + design.id())).body(DesignView.of(design));
    }

    @GetMapping("/designs/{id}")
    DesignView get(Owner owner, @PathVariable String id) {
        return DesignView.of(designs.get(owner, id));
    }

    @Operation(summary = "A candidate's audio (WAV)")
    @GetMapping("/designs/{id}/candidates/{index}")
    ResponseEntity<Resource> candidate(Owner owner, @PathVariable String id, @PathVariable int index) {
        return AudioResponses.of(designs.candidate(owner, id, index), WAV, "design-" + index + ".wav", false);
    }

    @Operation(summary = "Keep a candidate as a voice, cloned like any other from then on",
            description = "candidate: its index; name: the voice's name. The line becomes its transcript and the "
                    + "description stays with it.")
    @PostMapping(path = "/designs/{id}/voice", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<SavedVoiceView> save(Owner owner, @PathVariable String id, @RequestBody SaveRequest request) {
        Voice voice = designs.save(owner, id, request.candidate(), request.name());
        String self = "/api/v1/voices/" + voice.id();
        return ResponseEntity.created(URI.create(self)).body(new SavedVoiceView(voice.id(), voice.name(),
                voice.transcript(), voice.language(), voice.description(), self));
    }

    @Operation(summary = "The preset speakers, usable as voices by their id (preset:<name>) or name",
            description = "available false with a note naming the speech worker's setting that adds them; "
                    + "instructions: whether they take an instruction on how to speak.")
    @GetMapping("/speakers")
    SpeakersView speakers() {
        VoiceFamilies.Abilities can = families.abilities();
        return new SpeakersView(can.hasPresets(), can.presetNote(), can.presetInstructions(),
                can.maxInstructionChars(), can.speakers().stream().map(s -> new SpeakerView(s.voiceId(), s.name(),
                        s.label(), s.languages(), s.dialect(), s.description(), s.instructions(),
                        "/api/v1/speakers/" + s.name() + "/sample")).toList());
    }

    @Operation(summary = "A short line spoken by a preset speaker in its own language (WAV)")
    @GetMapping("/speakers/{name}/sample")
    ResponseEntity<Resource> sample(@PathVariable String name) {
        return AudioResponses.of(presets.sample(name), WAV, "speaker-" + name + "-sample.wav", false);
    }
}
