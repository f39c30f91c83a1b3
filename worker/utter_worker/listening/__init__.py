"""The listener port: what the worker needs from speech recognition and word alignment, and how one is chosen.

A listener transcribes a clip (what is said, in which language as the model names it, and when asked, when
each word is said) and aligns a known text with a clip. Like engines, listeners are used from the scheduler's
decoding thread only. `languages` and `alignment_languages` are what each takes, in Utter's spelling where
Utter has the language; an empty `alignment_languages` means the listener has no aligner.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from ..config import LANGUAGES, Settings, canonical_language

log = logging.getLogger("utter_worker")

UTTER_LANGUAGES = tuple(lang for lang in LANGUAGES if lang != "Auto")
UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class Word:
    text: str
    start: float  # seconds from the clip's start
    end: float


@dataclass(frozen=True)
class Transcript:
    text: str
    detected: str | None  # the language as the model names it ("Cantonese"), None when nothing was heard
    words: list[Word] | None = None  # None unless word timings were asked for and possible


class Listener(Protocol):
    asr_model: str
    aligner_model: str | None
    languages: tuple[str, ...]
    alignment_languages: tuple[str, ...]

    def transcribe(self, audio: np.ndarray, sample_rate: int, language: str | None,
                   word_timings: bool) -> Transcript:
        """What is said; `language` None detects it, else one of `languages`."""

    def align(self, audio: np.ndarray, sample_rate: int, text: str, language: str) -> list[Word]:
        """When each unit of `text` is said; `language` is one of `alignment_languages`."""


def spelled(name: str) -> str:
    """A model's language name in Utter's spelling where Utter has the language ("chinese" -> "Chinese")."""
    return canonical_language(name) or name.strip()[:1].upper() + name.strip()[1:].lower()


def utter_language(detected: str | None) -> str | None:
    """One of Utter's languages, "unsupported" for any other language, None when nothing was heard."""
    if not detected:
        return None
    return canonical_language(detected, UTTER_LANGUAGES) or UNSUPPORTED


def clamp(words: list[Word], duration: float) -> list[Word]:
    """Word times inside [0, duration], rounded to milliseconds, each ending no earlier than it starts."""
    def within(t: float) -> float:
        return round(min(max(float(t), 0.0), duration), 3)
    return [Word(w.text, within(w.start), max(within(w.start), within(w.end))) for w in words]


def load_listener(settings: Settings) -> Listener | None:
    """The fake listener beside the fake engine, qwen-asr beside a real one, or None when UTTER_LISTEN is off
    (or the real models cannot be had: the worker then speaks without listening, and says why in its log)."""
    if not settings.listen:
        return None
    if settings.engine == "fake":
        from .fake import FakeListener
        return FakeListener()
    from .qwen import load
    return load(settings)
