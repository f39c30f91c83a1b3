"""The engine port: what the scheduler needs from a speech model, and how one is chosen.

An engine decodes a set of open streams together: `open` prefills one utterance and adds it to the set, `step`
advances every open stream by one batched decoding step, and `close` takes a stream out (finished or abandoned).
Each stream hands over the audio made so far with `take`. Engines are used from one thread only.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from ..config import LANGUAGES, SAMPLE_RATE, Settings
from ..prompts import VoicePrompt

log = logging.getLogger("utter_worker")


BASE, DESIGN, PRESET = "base", "voice_design", "custom_voice"  # the Qwen3-TTS families, by their tts_model_type


@dataclass(frozen=True)
class Speaker:
    """A preset speaker of the CustomVoice model: the name the model knows, and the languages it speaks natively."""
    name: str  # lower case, as in the model's config ("uncle_fu")
    languages: tuple[str, ...]
    dialect: str | None = None  # what it speaks in Chinese, when that is a dialect ("Beijing")
    description: str = ""

    @property
    def label(self) -> str:
        return " ".join(part.capitalize() for part in self.name.split("_"))


@dataclass(frozen=True)
class Family:
    """One Qwen3-TTS family a worker serves: its model, and whether it takes instructions on how to speak."""
    name: str  # BASE, DESIGN or PRESET
    model_id: str
    model_size: str
    instructions: bool
    speakers: tuple[Speaker, ...] = ()

    def speaker(self, name: str) -> Speaker | None:
        wanted = name.strip().lower().replace(" ", "_")
        return next((speaker for speaker in self.speakers if speaker.name == wanted), None)


@dataclass(frozen=True)
class EngineInfo:
    engine: str  # "batched", "qwen-tts" or "fake"
    model_id: str
    model_revision: str | None
    model_size: str  # "0.6B", "1.7B", "tiny", ...
    parameters: int
    device: str
    dtype: str
    attention: str  # the attention implementation actually in use
    streaming: bool  # True: audio leaves while it is generated; False: when the whole text is done
    max_streams: int  # streams decoded together in one step (1: one text at a time)
    speaker_embedding_dim: int  # width of the speaker embeddings this model makes and accepts
    languages: tuple[str, ...] = LANGUAGES
    sample_rate: int = SAMPLE_RATE
    families: tuple[Family, ...] = ()  # what it speaks with besides cloning; the Base family is always served

    def family(self, name: str) -> Family | None:
        return next((family for family in self.families if family.name == name), None)

    @property
    def model_key(self) -> str:
        """What a prompt is bound to: the model id, plus the weights revision when it is known."""
        return f"{self.model_id}@{self.model_revision}" if self.model_revision else self.model_id

    @property
    def batching(self) -> bool:
        return self.max_streams > 1


@dataclass(frozen=True)
class SynthesisOptions:
    seed: int
    max_new_tokens: int
    sampling: dict = field(default_factory=dict)  # qwen-tts generate kwargs: temperature, top_k, ...


@dataclass(frozen=True)
class Utterance:
    """One text to speak in one voice: what a stream is opened with. The voice is a clone prompt (Base), a preset
    `speaker` (CustomVoice), or neither: then `instruct` describes the voice to make up (VoiceDesign)."""
    text: str
    language: str
    prompt: VoicePrompt | None
    options: SynthesisOptions
    speaker: str | None = None
    instruct: str | None = None  # how to speak: a voice description (VoiceDesign) or a style (CustomVoice)

    @property
    def family(self) -> str:
        return BASE if self.prompt is not None else PRESET if self.speaker else DESIGN


class DeviceLost(RuntimeError):
    """The accelerator is in a state no later request can use (a CUDA error): the process must be replaced."""


class Stream(Protocol):
    finished: bool  # no more audio will come

    def take(self) -> list[np.ndarray]:
        """The float32 mono chunks made since the last call, in order (possibly none)."""


class Engine(Protocol):
    info: EngineInfo

    def create_prompt(self, audio: np.ndarray, sample_rate: int, transcript: str | None,
                      x_vector_only: bool) -> VoicePrompt:
        """Encode a reference clip into a prompt bound to this engine's model."""

    def open(self, utterance: Utterance) -> Stream:
        """Prefill the utterance and add its stream to the set decoded by `step`."""

    def step(self) -> None:
        """Advance every open, unfinished stream by one decoding step (one batched forward pass)."""

    def close(self, stream: Stream) -> None:
        """Take the stream out of the set; it may be unfinished (the client went away)."""


def load_engine(settings: Settings) -> Engine:
    """Build the engine the settings ask for; "auto" takes the batched engine on CUDA, else the official one.
    The VoiceDesign and CustomVoice models load beside the Base model when UTTER_DESIGN_MODEL / UTTER_PRESET_MODEL
    name them."""
    if settings.engine == "fake":
        from .fake import FakeEngine, fake_families
        return FakeEngine(model_id=settings.model_id or "fake/utter-fake", chunk_frames=settings.stream_chunk_frames,
                          frame_seconds=settings.fake_frame_seconds, max_streams=settings.max_streams or 16,
                          runaway_marker=settings.fake_runaway, garble_marker=settings.fake_garble,
                          families=fake_families(settings))
    if settings.engine not in ("auto", "qwen", "batched"):
        raise ValueError(f"UTTER_ENGINE must be auto, qwen, batched or fake, not {settings.engine!r}")
    from . import qwen
    return qwen.load(settings)
