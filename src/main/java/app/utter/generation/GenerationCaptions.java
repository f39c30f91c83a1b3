package app.utter.generation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import app.utter.accounts.Owner;
import app.utter.audio.PcmAudio;
import app.utter.listening.Captions;
import app.utter.listening.Listening;
import app.utter.storage.BlobStore;
import app.utter.tts.Transcript;
import app.utter.web.ApiProblem;
import tools.jackson.databind.json.JsonMapper;

/**
 * Captions of finished generations: each chunk's part of the stitched audio aligned with the chunk's text by the
 * speech worker, shifted to where the part starts (pauses between parts included), made once and kept.
 */
@Service
public class GenerationCaptions {

    private static final JsonMapper JSON = JsonMapper.builder().build(); // the kept file's own format

    private final Generations generations;
    private final GenerationRepository repository;
    private final BlobStore store;
    private final Listening listening;
    private final TextSplitter splitter = new TextSplitter();

    GenerationCaptions(Generations generations, GenerationRepository repository, BlobStore store, Listening listening) {
        this.generations = generations;
        this.repository = repository;
        this.store = store;
        this.listening = listening;
    }

    /** Whether captions can be had for the generation: kept already, or a worker that aligns its language. */
    boolean available(Generation generation) {
        return generation.status() == Generation.Status.SUCCEEDED
                && (listening.abilities().alignment() || store.get(key(generation)).isPresent()); // remembered, then I/O
    }

    /** The generation's captions; 409 before it succeeded, or when the worker cannot time its words. */
    public Captions of(Owner owner, String id) {
        Generation generation = generations.get(owner, id);
        if (generation.status() != Generation.Status.SUCCEEDED) {
            throw new ApiProblem(HttpStatus.CONFLICT, "captions-not-ready", "Captions not ready",
                    "The generation is " + generation.status().name().toLowerCase()
                            + "; it has captions once it succeeded.");
        }
        return kept(generation).orElseGet(() -> make(owner, generation));
    }

    private Captions make(Owner owner, Generation generation) {
        int[] ends = repository.chunkEnds(generation.id()).orElseThrow(() -> new ApiProblem(HttpStatus.CONFLICT,
                "captions-unavailable", "No captions", "This generation was made before Utter kept where each part "
                        + "of its audio ends, so it cannot be captioned; generate it again for captions."));
        List<TextChunk> chunks = splitter.split(generation.textToSpeak());
        PcmAudio whole = generations.audioFrom(owner, generation.id(), 0)
                .orElseThrow(() -> ApiProblem.notFound("Audio of generation", generation.id()));
        String language = language(generation, whole, ends);
        List<Captions.Part> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size() && i < ends.length; i++) {
            int from = i == 0 ? 0 : ends[i - 1];
            PcmAudio part = whole.slice(from, ends[i]);
            parts.add(new Captions.Part(chunks.get(i).text(), seconds(whole, from), seconds(whole, ends[i]),
                    listening.align(part.toWav(), chunks.get(i).text(), language)));
        }
        Captions captions = Captions.of(parts, seconds(whole, whole.samples().length));
        try {
            store.put(key(generation), JSON.writeValueAsBytes(captions));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the captions of generation " + generation.id(), e);
        }
        return captions;
    }

    /** The generation's language; for Auto, the one heard in its first part. */
    private String language(Generation generation, PcmAudio whole, int[] ends) {
        if (!generation.language().equalsIgnoreCase("Auto")) {
            return generation.language();
        }
        Transcript heard = listening.transcribe(whole.slice(0, ends[0]).toWav(), null, false);
        if (!heard.inUtterLanguage()) {
            throw new ApiProblem(HttpStatus.CONFLICT, "captions-unavailable", "No captions",
                    "The language of this generation could not be told from its audio, so it cannot be captioned.");
        }
        return heard.language();
    }

    private Optional<Captions> kept(Generation generation) {
        Optional<Resource> file = store.get(key(generation));
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = file.get().getInputStream()) {
            return Optional.of(JSON.readValue(in, Captions.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the captions of generation " + generation.id(), e);
        }
    }

    private static String key(Generation generation) {
        return generation.storageFolder() + "/captions.json";
    }

    private static double seconds(PcmAudio audio, int samples) {
        return (double) samples / audio.sampleRate();
    }
}
