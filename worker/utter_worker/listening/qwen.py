"""Speech recognition and word alignment with qwen-asr: Qwen3-ASR, and Qwen3-ForcedAligner for word timings.

qwen-asr is imported only here, when a real worker listens (the import takes seconds: torch, transformers and
nagisa's Japanese tagger). Audio reaches it as (float32 array, sample rate) only: given a string, qwen-asr would
read a path, fetch a URL or decode base64. It resamples to 16 kHz itself. A recogniser says how many tokens it
may make; with random weights it never stops earlier, so tests and benchmarks set `max_new_tokens`.
"""

from __future__ import annotations

import logging
import shutil
from functools import partial

import numpy as np

from ..config import Settings
from ..engines.batched import device_errors
from ..engines.qwen import (WeightsMissing, attention_candidates, load_with_fallback, resolve_device, resolve_dtype,
                            resolve_weights)
from ..random_asr_model import write_random_asr_checkpoint
from . import Transcript, Word, spelled

log = logging.getLogger("utter_worker")


def token_budget(seconds: float) -> int:
    """Tokens a clip may be transcribed into: fast speech is about 5 a second (qwen-asr's own default, 512,
    would cut a long clip short)."""
    return int(64 + 10 * seconds)


class QwenListener:
    def __init__(self, asr, asr_model: str, aligner_model: str | None):
        self.asr = asr  # qwen_asr.Qwen3ASRModel, with its forced aligner when there is one
        self.aligner = asr.forced_aligner
        self.asr_model = asr_model
        self.aligner_model = aligner_model if self.aligner else None
        self.languages = tuple(spelled(name) for name in asr.get_supported_languages())
        self.alignment_languages = tuple(spelled(name) for name in self.aligner.get_supported_languages() or ()) \
            if self.aligner else ()
        self.max_new_tokens: int | None = None  # a fixed number of tokens per clip instead of token_budget

    def transcribe(self, audio: np.ndarray, sample_rate: int, language: str | None,
                   word_timings: bool) -> Transcript:
        # With timings qwen-asr aligns the text in the language it detects (each 180 s part in its own); that
        # is worth it only when the language asked for, if any, is one the aligner takes.
        timed = word_timings and bool(self.alignment_languages) and (
            language is None or language in self.alignment_languages)
        self.asr.max_new_tokens = self.max_new_tokens or token_budget(len(audio) / sample_rate)
        with device_errors():
            [result] = self.asr.transcribe(audio=(audio, sample_rate), language=language, return_time_stamps=timed)
        text = result.text.strip()
        detected = [spelled(name) for name in result.language.split(",") if name.strip()] if text else []
        words = None
        if timed and detected and all(name in self.alignment_languages for name in detected):
            words = [Word(item.text, item.start_time, item.end_time) for item in result.time_stamps or ()]
        return Transcript(text, detected[0] if detected else None, words)

    def align(self, audio: np.ndarray, sample_rate: int, text: str, language: str) -> list[Word]:
        with device_errors():
            [result] = self.aligner.align(audio=(audio, sample_rate), text=text, language=language)
        return [Word(item.text, item.start_time, item.end_time) for item in result]


def load(settings: Settings) -> QwenListener | None:
    """The recogniser and aligner the settings name, on the TTS model's device, dtype and attention; None (and a
    warning) when qwen-asr is not installed or the weights are not there and may not be downloaded."""
    asr_source, aligner_source = settings.listening_models()
    if asr_source is None:
        log.info("the worker does not listen: its TTS weights are random (set UTTER_ASR_MODEL to listen anyway)")
        return None
    try:
        asr_path, asr_id, _ = resolve_weights(asr_source, "", settings.allow_download,
                                              partial(write_random_asr_checkpoint, aligner=False))
        aligner_path = aligner_id = None
        if aligner_source:
            aligner_path, aligner_id, _ = resolve_weights(aligner_source, "", settings.allow_download,
                                                          partial(write_random_asr_checkpoint, aligner=True))
        from qwen_asr import Qwen3ASRModel
    except (ImportError, WeightsMissing) as error:
        log.warning("the worker does not listen (no transcriptions or alignments): %s", error)
        return None
    device = resolve_device(settings.device)
    dtype = resolve_dtype(settings.dtype, device)

    def build(attention: str):
        options = dict(dtype=dtype, device_map=device, attn_implementation=attention)
        return Qwen3ASRModel.from_pretrained(asr_path, forced_aligner=aligner_path, forced_aligner_kwargs=options,
                                             **options)

    asr, attention = load_with_fallback(attention_candidates(settings.attention, device), build)
    asr.model.thinker.generation_config.pad_token_id = asr.processor.tokenizer.pad_token_id  # quiets a log line
    for source, path in ((asr_source, asr_path), (aligner_source, aligner_path)):
        if source and source.startswith("random:"):
            shutil.rmtree(path, ignore_errors=True)  # a random checkpoint only carried weights now loaded
    listener = QwenListener(asr, asr_id, aligner_id)
    log.info("listening with %s and %s on %s (attention %s)", asr_id, aligner_id or "no aligner", device, attention)
    return listener
