"""Test-only: what the fake engine said, so that the fake listener hears exactly that text in its audio.

The fake engine notes each clip it makes as the 16-bit PCM it sends. When that audio comes back (Utter sends it
as a 16-bit WAV of the same samples), the fake listener looks it up here: one clip, or several joined end to end
(their texts joined by spaces). Only digests are kept, for the most recent clips of the process.
"""

from __future__ import annotations

import collections
import hashlib
import threading
import unicodedata
from dataclasses import dataclass

import numpy as np

HEAD = 480  # samples (20 ms) by which a clip is first looked for
MAX_CLIPS = 4096


@dataclass(frozen=True)
class Clip:
    samples: int
    digest: bytes  # of all its samples
    head: bytes  # digest of its first HEAD samples
    text: str  # what the listener hears: the text spoken, or a garbled one (UTTER_FAKE_GARBLE)
    language: str


def digest(pcm: np.ndarray) -> bytes:
    return hashlib.sha256(np.ascontiguousarray(pcm, dtype="<i2").tobytes()).digest()


class SpokenAudio:
    def __init__(self, max_clips: int = MAX_CLIPS):
        self.max_clips = max_clips
        self._clips: collections.OrderedDict[bytes, Clip] = collections.OrderedDict()  # by digest, oldest first
        self._by_head: dict[bytes, list[Clip]] = collections.defaultdict(list)
        self._lock = threading.Lock()

    def note(self, pcm: np.ndarray, text: str, language: str) -> None:
        """Remember a clip the fake engine made (its int16 samples) and the text to hear in it."""
        clip = Clip(len(pcm), digest(pcm), digest(pcm[:HEAD]), text, language)
        with self._lock:
            if clip.digest in self._clips:
                self._forget(self._clips.pop(clip.digest))
            self._clips[clip.digest] = clip
            self._by_head[clip.head].append(clip)
            while len(self._clips) > self.max_clips:
                self._forget(self._clips.popitem(last=False)[1])

    def heard(self, pcm: np.ndarray) -> list[Clip] | None:
        """The clips that make up `pcm` end to end, or None when it is not made of them."""
        clips, at = [], 0
        with self._lock:
            while at < len(pcm):
                head = digest(pcm[at:at + HEAD])
                clip = next((c for c in self._by_head.get(head, ()) if digest(pcm[at:at + c.samples]) == c.digest),
                            None)
                if clip is None:
                    return None
                clips.append(clip)
                at += clip.samples
        return clips or None

    def _forget(self, clip: Clip) -> None:
        clips = self._by_head[clip.head]
        clips.remove(clip)
        if not clips:
            del self._by_head[clip.head]


def guess_language(text: str) -> str:
    """The language a text is written in, from its script alone (for the fake engine's "Auto")."""
    names = [unicodedata.name(character, "") for character in text if character.isalpha()]
    for script, language in (("HANGUL", "Korean"), ("HIRAGANA", "Japanese"), ("KATAKANA", "Japanese"),
                             ("CJK", "Chinese"), ("CYRILLIC", "Russian")):
        if any(name.startswith(script) for name in names):
            return language
    return "English"


def garbled(text: str) -> str:
    """What the listener hears for a text UTTER_FAKE_GARBLE garbles: its words backwards, each spelt backwards."""
    words = text.split()
    return " ".join(word[::-1] for word in reversed(words)) if len(words) > 1 else text[::-1]


SPOKEN = SpokenAudio()  # the process's registry: the fake engine writes it, the fake listener reads it
