package app.utter.dictionary;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import app.utter.accounts.Owner;
import app.utter.voices.Language;
import app.utter.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The pronunciation dictionary as a resource API: {@code /api/v1/pronunciations}. */
@RestController
@RequestMapping("/api/v1/pronunciations")
@Tag(name = "Pronunciations", description = "Words and phrases said another way, in every text spoken")
class DictionaryController {

    private final Pronunciations pronunciations;

    DictionaryController(Pronunciations pronunciations) {
        this.pronunciations = pronunciations;
    }

    record RuleView(String id, String phrase, String alias, Language language, boolean wholeWord,
                    boolean caseSensitive, Instant createdAt) {

        static RuleView of(PronunciationRule rule) {
            return new RuleView(rule.id(), rule.phrase(), rule.alias(), rule.language(), rule.wholeWord(),
                    rule.caseSensitive(), rule.createdAt());
        }
    }

    record RuleListView(List<RuleView> items, int limit) {
    }

    record PreviewRequest(String text, String language) {
    }

    record PreviewView(String text, List<Respeller.Replacement> replacements) {
    }

    record ImportView(Language language, int imported, List<RuleView> rules, List<PlsLexicon.Skipped> skipped) {
    }

    @GetMapping
    RuleListView list(Owner owner) {
        return new RuleListView(pronunciations.list(owner).stream().map(RuleView::of).toList(),
                Pronunciations.MAX_RULES);
    }

    @Operation(summary = "Add a rule: phrase said as alias",
            description = "language: one of the languages, or all (default); whole_word (default true; CJK phrases "
                    + "match anywhere, having no word boundaries); case_sensitive (default false). Longer phrases "
                    + "win where rules overlap. 409 rule-exists for the same phrase and language; at most 500 rules.")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<RuleView> add(Owner owner, @RequestBody NewRule request) {
        PronunciationRule rule = pronunciations.add(owner, request);
        return ResponseEntity.created(URI.create("/api/v1/pronunciations/" + rule.id())).body(RuleView.of(rule));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(Owner owner, @PathVariable String id) {
        pronunciations.delete(owner, id);
    }

    @Operation(summary = "A text as it will be spoken in a language, with each replacement made")
    @PostMapping(path = "/preview", consumes = MediaType.APPLICATION_JSON_VALUE)
    PreviewView preview(Owner owner, @RequestBody PreviewRequest request) {
        Respeller.Respelled spoken = pronunciations.preview(owner, request.language(), request.text());
        return new PreviewView(spoken.text(), spoken.replacements());
    }

    @Operation(summary = "Import a W3C PLS lexicon (as the body, or the multipart part file)",
            description = "Alias entries become rules for the lexicon's xml:lang (every language when Utter does not "
                    + "speak it); phoneme entries, which Qwen3-TTS cannot take, and rules already there are listed in "
                    + "skipped with their line. A malformed file: 400 invalid-lexicon naming the line.")
    @PostMapping(path = "/import", consumes = {PlsLexicon.MEDIA_TYPE, MediaType.APPLICATION_XML_VALUE,
            MediaType.TEXT_XML_VALUE})
    ImportView importBody(Owner owner, InputStream body) {
        return imported(pronunciations.importPls(owner, body));
    }

    @PostMapping(path = "/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ImportView importFile(Owner owner, @RequestPart(required = false) MultipartFile file) throws IOException {
        if (file == null || file.isEmpty()) {
            throw ApiProblem.invalidFields("invalid-lexicon", java.util.Map.of("file", "Choose a PLS file."));
        }
        try (InputStream in = file.getInputStream()) {
            return imported(pronunciations.importPls(owner, in));
        }
    }

    @Operation(summary = "The rules as a W3C PLS lexicon: those of one language and every language, or all")
    @GetMapping("/export")
    ResponseEntity<byte[]> export(Owner owner, @RequestParam(required = false) String language) {
        byte[] pls = pronunciations.exportPls(owner, language).getBytes(StandardCharsets.UTF_8);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(PlsLexicon.MEDIA_TYPE))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("utter-pronunciations.pls").build().toString())
                .body(pls);
    }

    private static ImportView imported(Pronunciations.Imported done) {
        return new ImportView(done.language(), done.added().size(), done.added().stream().map(RuleView::of).toList(),
                done.skipped());
    }
}
