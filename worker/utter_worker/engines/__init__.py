"""The engine port: what the HTTP layer needs from a speech model, and how one is chosen."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Iterator, Protocol

import numpy as np

from ..config import LANGUAGES, SAMPLE_RATE, Settings
from ..prompts import VoicePrompt

log = logging.getLogger("utter_worker")


@dataclass(frozen=True)
class EngineInfo:
    engine: str  # "qwen-tts", "faster-qwen3-tts" or "fake"
    model_id: str
    model_revision: str | None
    model_size: str  # "0.6B", "1.7B", "tiny", ...
    parameters: int
    device: str
    dtype: str
    attention: str  # the attention implementation actually in use
    streaming: bool  # True: audio leaves while it is generated; False: after the whole batch is done
    batching: bool  # True: a list of texts runs as one GPU batch; False: one after another
    languages: tuple[str, ...] = LANGUAGES
    sample_rate: int = SAMPLE_RATE

    @property
    def model_key(self) -> str:
        """What a prompt is bound to: the model id, plus the weights revision when it is known."""
        return f"{self.model_id}@{self.model_revision}" if self.model_revision else self.model_id


@dataclass(frozen=True)
class SynthesisOptions:
    seed: int
    max_new_tokens: int
    sampling: dict = field(default_factory=dict)  # qwen-tts generate kwargs: temperature, top_k, ...


class Engine(Protocol):
    info: EngineInfo

    def create_prompt(self, audio: np.ndarray, sample_rate: int, transcript: str | None,
                      x_vector_only: bool) -> VoicePrompt:
        """Encode a reference clip into a prompt bound to this engine's model."""

    def synthesize(self, texts: list[str], languages: list[str], prompt: VoicePrompt,
                   options: SynthesisOptions) -> Iterator[tuple[int, np.ndarray]]:
        """Yield (item index, float32 mono 24 kHz chunk) in item order: all of item 0, then item 1, ..."""


def load_engine(settings: Settings) -> Engine:
    """Build the engine the settings ask for; "auto" takes faster-qwen3-tts on CUDA, else qwen-tts."""
    if settings.engine == "fake":
        from .fake import FakeEngine
        return FakeEngine(model_id=settings.model_id or "fake/utter-fake", chunk_frames=settings.stream_chunk_frames)
    if settings.engine not in ("auto", "qwen", "fast"):
        raise ValueError(f"UTTER_ENGINE must be auto, qwen, fast or fake, not {settings.engine!r}")
    from . import qwen
    return qwen.load(settings)
