"""The batched engine: each step advances every open stream by one codec frame, with one forward pass of the
talker and one run of the code predictor for the whole batch, and each stream's audio is decoded as it is made.

It drives qwen-tts's own modules (talker, code predictor, codec decoder) with the inputs and sampling settings
that Qwen3TTSModel's generate_voice_clone (or generate_custom_voice, generate_voice_design) prepares, step by step instead of inside one generate() call, so that
streams can join and leave between steps. Rows of different lengths share one key/value cache, padded on the
left and masked; each row keeps its own positions. Under greedy decoding a stream gets the codes the official
path makes for it alone.
"""

from __future__ import annotations

import torch
import numpy as np
from qwen_tts import Qwen3TTSModel
from transformers.cache_utils import DynamicCache

from . import DeviceLost, Utterance
from .qwen import describe, make_prompt, speak
from .sampling import Batch, Settings, choose

CONTEXT_FRAMES = 25  # frames decoded before a chunk for continuity, then cut off (as qwen-tts's chunked decode)


class Captured(Exception):
    """Carries what generate_voice_clone hands to the talker's generate(), which is never run."""

    def __init__(self, inputs: dict):
        super().__init__()
        self.inputs = inputs


class BatchedStream:
    def __init__(self, utterance: Utterance, prefix: int, trailing: torch.Tensor, context: torch.Tensor,
                 max_frames: int, seed: int, first_chunk: int, chunk: int):
        self.utterance = utterance
        self.prefix = prefix  # talker positions taken by the prompt
        self.trailing = trailing  # [L, D] text embeddings fed one per step after the prompt
        self.codes = [context]  # [frames, 16] tensors: the reference codes, then each step's frame
        self.context = context.shape[0]
        self.made = 0
        self.sent = 0
        self.max_frames = max_frames
        self.random = torch.Generator().manual_seed(seed)  # on the CPU: drawing costs no kernel launch
        self.first_chunk, self.chunk = first_chunk, chunk
        self.audio: list[np.ndarray] = []
        self.finished = max_frames <= 0

    def take(self) -> list[np.ndarray]:
        audio, self.audio = self.audio, []
        return audio

    def due(self) -> int:
        """Frames ready to decode now: a whole chunk, or the rest once the stream is finished."""
        waiting = self.made - self.sent
        size = self.first_chunk if self.sent == 0 else self.chunk
        return waiting if self.finished or waiting >= size else 0


class BatchedEngine:
    def __init__(self, tts: Qwen3TTSModel, model_id: str, revision: str | None, attention: str, max_streams: int,
                 chunk_frames: int, first_chunk_frames: int):
        self.tts = tts
        self.info = describe(tts, "batched", model_id, revision, attention, streaming=True, max_streams=max_streams)
        self.talker = tts.model.talker
        self.predictor = self.talker.code_predictor
        self.decoder = tts.model.speech_tokenizer.model.decoder
        self.config = tts.model.config.talker_config
        self.device = self.talker.device
        self.chunk, self.first_chunk = chunk_frames, first_chunk_frames
        self.samples_per_frame = tts.model.speech_tokenizer.get_decode_upsample_rate()
        self.rows: list[BatchedStream] = []
        self.cache: DynamicCache | None = None
        self.mask: torch.Tensor | None = None  # [B, T]: 1 where a row has a token, 0 for left padding
        self.tokens: torch.Tensor | None = None  # [B]: each row's first code of the frame being made
        self.hidden: torch.Tensor | None = None  # [B, 1, D]: the talker's last hidden state per row
        self.seen: torch.Tensor | None = None  # [B, V]: first codes a row has made (repetition penalty)

    def create_prompt(self, audio: np.ndarray, sample_rate: int, transcript: str | None, x_vector_only: bool):
        with device_errors():
            return make_prompt(self.tts, self.info.model_key, audio, sample_rate, transcript, x_vector_only)

    @torch.inference_mode()
    def open(self, utterance: Utterance) -> BatchedStream:
        with device_errors():
            inputs = self.prepare(utterance)
            embeds = inputs["inputs_embeds"]
            self.tts_pad = inputs["tts_pad_embed"]
            self.eos = inputs["eos_token_id"]
            self.suppressed = torch.zeros((1, self.config.vocab_size), dtype=torch.bool, device=self.device)
            self.suppressed[0, inputs["suppress_tokens"]] = True
            prompt = utterance.prompt  # None for a preset speaker or a designed voice: no reference codes
            context = (torch.from_numpy(prompt.codes.astype(np.int64)).to(self.device)
                       if prompt is not None and prompt.codes is not None
                       else torch.zeros((0, 16), dtype=torch.long, device=self.device))
            stream = BatchedStream(utterance, embeds.shape[1], inputs["trailing_text_hidden"][0], context,
                                   max_frames=inputs["max_new_tokens"] - 1, seed=utterance.options.seed,
                                   first_chunk=self.first_chunk, chunk=self.chunk)
            stream.talker = Settings.of(inputs)
            stream.subtalker = Settings.of(inputs, "subtalker_")
            stream.min_frames = inputs["min_new_tokens"]
            cache = DynamicCache()
            positions = torch.arange(embeds.shape[1], device=self.device).view(1, 1, -1).expand(3, 1, -1)
            out = self.talker.model(inputs_embeds=embeds, attention_mask=torch.ones_like(embeds[..., 0]).long(),
                                    position_ids=positions, past_key_values=cache, use_cache=True)
            hidden = out.last_hidden_state[:, -1:]
            logits = self.talker.codec_head(hidden[:, 0])
            token = choose(logits, Batch([stream.talker], self.device), self.draw([stream], 1)[0],
                           banned=self.banned([stream]))
            self.join(stream, cache, hidden, token)
            return stream

    @torch.inference_mode()
    def step(self) -> None:
        if not any(not row.finished for row in self.rows):
            return
        with device_errors():
            draws = self.draw(self.rows, 16)  # [16, B]: the talker's, then one per code predictor group
            codes = torch.cat([self.tokens[:, None], self.predict_codes(draws[1:])], dim=1)  # [B, 16]
            for row, frame in zip(self.rows, codes):
                if not row.finished:
                    row.codes.append(frame[None])
                    row.made += 1
                    row.finished = row.made >= row.max_frames
            if not all(row.finished for row in self.rows):
                self.advance_talker(codes, draws[0])
            self.decode_due()

    @torch.inference_mode()
    def close(self, stream: BatchedStream) -> None:
        keep = [i for i, row in enumerate(self.rows) if row is not stream]
        self.rows = [self.rows[i] for i in keep]
        if not self.rows:
            self.cache = self.mask = self.tokens = self.hidden = self.seen = None
            return
        with device_errors():
            index = torch.tensor(keep, device=self.device)
            self.cache.batch_select_indices(index)
            self.mask, self.tokens, self.hidden, self.seen = (t.index_select(0, index) for t in
                                                              (self.mask, self.tokens, self.hidden, self.seen))
            first = int(self.mask.any(dim=0).long().argmax())  # columns no row uses any more: padding only
            if first:
                self.mask = self.mask[:, first:]
                for layer in self.cache.layers:
                    layer.keys, layer.values = layer.keys[:, :, first:], layer.values[:, :, first:]
            self.settle_batch()

    def prepare(self, utterance: Utterance) -> dict:
        """The talker inputs qwen-tts builds for this text, voice and sampling: its own prompt template, for a
        cloned voice, a preset speaker or a described one alike."""
        talker = self.talker

        def capture(**inputs):
            raise Captured(inputs)
        talker.generate = capture  # an instance attribute: shadows the method until deleted below
        try:
            speak(self.tts, utterance)
        except Captured as captured:
            return captured.inputs
        finally:
            del talker.generate
        raise RuntimeError("qwen-tts did not reach the talker")

    def join(self, stream: BatchedStream, cache: DynamicCache, hidden: torch.Tensor, token: torch.Tensor) -> None:
        """Adds a prefilled stream to the batch, padding the shorter of the two caches on the left."""
        seen = torch.zeros((1, self.config.vocab_size), dtype=torch.bool, device=self.device)
        seen[0, token] = True
        mask = torch.ones((1, stream.prefix), dtype=torch.long, device=self.device)
        if not self.rows:
            self.cache, self.mask, self.tokens, self.hidden, self.seen = cache, mask, token, hidden, seen
        else:
            width = max(self.mask.shape[1], stream.prefix)
            layers = [(torch.cat([left_pad(a.keys, width), left_pad(b.keys, width)]),
                       torch.cat([left_pad(a.values, width), left_pad(b.values, width)]))
                      for a, b in zip(self.cache.layers, cache.layers)]
            self.cache = DynamicCache(layers)
            self.mask = torch.cat([left_pad(self.mask, width, dim=1), left_pad(mask, width, dim=1)])
            self.tokens = torch.cat([self.tokens, token])
            self.hidden = torch.cat([self.hidden, hidden])
            self.seen = torch.cat([self.seen, seen])
        self.rows.append(stream)
        self.settle_batch()

    def settle_batch(self) -> None:
        self.batch = Batch([row.talker for row in self.rows], self.device)
        self.sub_batch = Batch([row.subtalker for row in self.rows], self.device)

    def predict_codes(self, draws: torch.Tensor) -> torch.Tensor:
        """The other 15 codes of each row's frame, from the talker's hidden state and the frame's first code."""
        predictor = self.predictor
        embeds = torch.cat([self.hidden, self.talker.get_input_embeddings()(self.tokens[:, None])], dim=1)
        cache = DynamicCache()
        hidden = predictor.model(inputs_embeds=predictor.small_to_mtp_projection(embeds), past_key_values=cache,
                                 use_cache=True).last_hidden_state
        codes = []
        for group, uniform in enumerate(draws):
            code = choose(predictor.lm_head[group](hidden[:, -1]), self.sub_batch, uniform)
            codes.append(code)
            if group < len(draws) - 1:
                embedded = predictor.model.get_input_embeddings()[group](code[:, None])
                hidden = predictor.model(inputs_embeds=predictor.small_to_mtp_projection(embedded),
                                         past_key_values=cache, use_cache=True).last_hidden_state
        return torch.stack(codes, dim=1)

    def advance_talker(self, codes: torch.Tensor, uniform: torch.Tensor) -> None:
        """Feeds each row's frame (and its next text token) to the talker and picks each row's next first code."""
        parts = [self.talker.get_input_embeddings()(codes[:, :1])]
        parts += [self.predictor.get_input_embeddings()[g](codes[:, g + 1:g + 2]) for g in range(15)]
        text = torch.stack([row.trailing[row.made - 1] if row.made - 1 < row.trailing.shape[0]
                            else self.tts_pad[0, 0] for row in self.rows])
        embeds = torch.cat(parts, dim=1).sum(1, keepdim=True) + text[:, None]
        positions = torch.tensor([row.prefix + row.made - 1 for row in self.rows], device=self.device)
        self.mask = torch.cat([self.mask, torch.ones_like(self.mask[:, :1])], dim=1)
        out = self.talker.model(inputs_embeds=embeds, attention_mask=self.mask,
                                position_ids=positions.view(1, -1, 1).expand(3, -1, -1), past_key_values=self.cache,
                                cache_position=torch.tensor([self.mask.shape[1] - 1], device=self.device),
                                use_cache=True)
        self.hidden = out.last_hidden_state
        self.tokens = choose(self.talker.codec_head(self.hidden[:, 0]), self.batch, uniform, self.seen,
                             self.banned(self.rows))
        for row, token in zip(self.rows, self.tokens.tolist()):
            row.finished = row.finished or token == self.eos
        self.seen[torch.arange(len(self.rows), device=self.device), self.tokens] = True

    def banned(self, rows: list[BatchedStream]) -> torch.Tensor:
        """[B, V]: the suppressed codes, and the end code for rows that have not made their minimum yet."""
        early = torch.tensor([row.made < row.min_frames for row in rows], device=self.device)
        is_eos = torch.arange(self.suppressed.shape[1], device=self.device) == self.eos
        return self.suppressed | (early[:, None] & is_eos[None])

    def decode_due(self) -> None:
        """Decodes every row's due frames in one call: each row's window is the frames before them (for continuity,
        cut off afterwards) and them, padded on the right, which the causal decoder never looks at."""
        due = [(row, row.due()) for row in self.rows if row.due()]
        if not due:
            return
        windows = []
        for row, frames in due:
            end = row.context + row.sent + frames
            windows.append(torch.cat(row.codes)[max(0, end - frames - CONTEXT_FRAMES):end])
        width = max(len(window) for window in windows)
        codes = torch.stack([torch.nn.functional.pad(w, (0, 0, 0, width - len(w))) for w in windows])
        wav = self.decoder(codes.transpose(1, 2))[:, 0].float().cpu().numpy()
        for (row, frames), window, samples in zip(due, windows, wav):
            context = len(window) - frames
            row.audio.append(samples[context * self.samples_per_frame:len(window) * self.samples_per_frame])
            row.sent += frames

    def draw(self, rows: list[BatchedStream], count: int) -> torch.Tensor:
        """[count, B] uniform numbers, each row's from its own generator."""
        return torch.stack([torch.rand(count, generator=row.random) for row in rows], dim=1).to(self.device)


def left_pad(tensor: torch.Tensor, width: int, dim: int = 2) -> torch.Tensor:
    missing = width - tensor.shape[dim]
    if missing == 0:
        return tensor
    shape = list(tensor.shape)
    shape[dim] = missing
    return torch.cat([tensor.new_zeros(shape), tensor], dim=dim)


class device_errors:
    """Turns an error that leaves the GPU unusable (not running out of memory) into DeviceLost."""

    def __enter__(self):
        return self

    def __exit__(self, kind, error, traceback):
        if isinstance(error, RuntimeError) and not isinstance(error, torch.OutOfMemoryError):
            text = str(error)
            if "CUDA error" in text or "device-side assert" in text or type(error).__name__ == "AcceleratorError":
                raise DeviceLost(text) from error
        return False
