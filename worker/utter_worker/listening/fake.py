"""Test-only: a listener without torch or weights, beside the fake engine (UTTER_ENGINE=fake).

It hears three things. Audio the fake engine made in this process (sent back as the same 16-bit samples): the
text that was spoken, in the language it was spoken in (guessed from its script for "Auto"), or a garbled text
when UTTER_FAKE_GARBLE asked for it. The repository's fixture clips, also after Utter has trimmed, resampled and
evened them: the transcript and language of the fixtures README. Anything else: nothing (text "", no
language). Word timings are spread evenly over the speech, one unit per word (per character in Chinese and
Japanese), as the real aligner's units are.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from ..config import SAMPLE_RATE
from . import Transcript, Word
from .envelopes import HOP_SECONDS, levels, speech_span
from .fixtures import recognise
from .spoken import SPOKEN, SpokenAudio

# The languages of Qwen3-ASR and Qwen3-ForcedAligner, so that the fake takes what the real models take.
ASR_LANGUAGES = ("Chinese", "English", "Cantonese", "Arabic", "German", "French", "Spanish", "Portuguese",
                 "Indonesian", "Italian", "Korean", "Russian", "Thai", "Vietnamese", "Japanese", "Turkish", "Hindi",
                 "Malay", "Dutch", "Swedish", "Danish", "Finnish", "Polish", "Czech", "Filipino", "Persian", "Greek",
                 "Romanian", "Hungarian", "Macedonian")
ALIGNER_LANGUAGES = ("Cantonese", "Chinese", "English", "French", "German", "Italian", "Japanese", "Korean",
                     "Portuguese", "Russian", "Spanish")
BY_CHARACTER = ("Chinese", "Cantonese", "Japanese")


class FakeListener:
    asr_model = "fake/utter-fake-asr"
    aligner_model = "fake/utter-fake-aligner"
    languages = ASR_LANGUAGES
    alignment_languages = ALIGNER_LANGUAGES

    def __init__(self, spoken: SpokenAudio = SPOKEN):
        self.spoken = spoken

    def transcribe(self, audio: np.ndarray, sample_rate: int, language: str | None,
                   word_timings: bool) -> Transcript:
        heard = self.hear(audio, sample_rate)
        if heard is None:
            return Transcript("", None, None)
        text, spoken_in = heard
        detected = language or spoken_in
        timed = word_timings and detected in self.alignment_languages
        return Transcript(text, detected, self.align(audio, sample_rate, text, detected) if timed else None)

    def hear(self, audio: np.ndarray, sample_rate: int) -> tuple[str, str] | None:
        """(text, language) of what this audio is, or None."""
        if sample_rate == SAMPLE_RATE:
            pcm = np.clip(np.round(audio * 32768.0), -32768, 32767).astype(np.int16)
            clips = self.spoken.heard(pcm)
            if clips:
                return " ".join(clip.text for clip in clips), clips[0].language
        fixture = recognise(audio, sample_rate)
        return (fixture.transcript, fixture.language) if fixture else None

    def align(self, audio: np.ndarray, sample_rate: int, text: str, language: str) -> list[Word]:
        found = units(text, language)
        duration = len(audio) / sample_rate
        first, last = speech_span(levels(audio, sample_rate))
        start, end = first * HOP_SECONDS, min(duration, (last + 1) * HOP_SECONDS)
        if end <= start:
            start, end = 0.0, duration
        slot = (end - start) / max(1, len(found))
        return [Word(unit, start + i * slot, start + (i + 1) * slot) for i, unit in enumerate(found)]


def kept(character: str) -> bool:
    return character == "'" or unicodedata.category(character)[0] in "LN"


def units(text: str, language: str) -> list[str]:
    """Words split at spaces with punctuation left out; one unit per character in Chinese and Japanese."""
    if language in BY_CHARACTER:
        return [character for character in text if kept(character) and not character.isspace()]
    return [word for word in ("".join(filter(kept, token)) for token in text.split()) if word]
