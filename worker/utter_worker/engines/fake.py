"""A deterministic stand-in for Qwen3-TTS: no torch, no weights, same contract.

The "speech" is a tone whose pitch comes from the prompt's speaker embedding and whose length grows
with the text, so tests can tell voices, texts and batch items apart. The same seed, text, language and
prompt always give the same samples, whether the text comes alone or inside a batch.
"""

from __future__ import annotations

import hashlib
from typing import Callable, Iterator

import numpy as np

from ..config import FRAME_RATE, SAMPLE_RATE
from ..prompts import VoicePrompt
from . import EngineInfo, SynthesisOptions

SAMPLES_PER_FRAME = int(SAMPLE_RATE / FRAME_RATE)  # 1920
CODEBOOKS = 16
EMBEDDING_DIM = 32


class FakeEngine:
    def __init__(self, model_id: str = "fake/utter-fake", chunk_frames: int = 8,
                 before_chunk: Callable[[int, int], None] | None = None):
        self.info = EngineInfo(engine="fake", model_id=model_id, model_revision=None, model_size="none",
                               parameters=0, device="cpu", dtype="float32", attention="none", streaming=True,
                               batching=True)
        self.chunk_frames = chunk_frames
        self.before_chunk = before_chunk  # test hook: called with (item, chunk number) before each chunk
        self.prompts_created = 0

    def create_prompt(self, audio: np.ndarray, sample_rate: int, transcript: str | None,
                      x_vector_only: bool) -> VoicePrompt:
        self.prompts_created += 1
        frames = max(1, round(len(audio) / sample_rate * FRAME_RATE))
        energy = np.array([float(np.sqrt(np.mean(part ** 2))) for part in np.array_split(audio, frames)])
        codes = (np.round(energy * 1e4).astype(np.int64)[:, None] + 131 * np.arange(CODEBOOKS)) % 2048
        spectrum = np.abs(np.fft.rfft(audio[: 1 << 14], n=1 << 14))
        embedding = np.array([band.mean() for band in np.array_split(spectrum, EMBEDDING_DIM)], dtype=np.float32)
        embedding /= float(np.linalg.norm(embedding)) or 1.0
        return VoicePrompt(model=self.info.model_key, speaker_embedding=embedding,
                           codes=None if x_vector_only else codes.astype(np.uint16), transcript=transcript)

    def synthesize(self, texts: list[str], languages: list[str], prompt: VoicePrompt,
                   options: SynthesisOptions) -> Iterator[tuple[int, np.ndarray]]:
        pitch = 110.0 + 400.0 * float(np.abs(prompt.speaker_embedding).max())
        for index, (text, language) in enumerate(zip(texts, languages)):
            audio = self._speak(text, language, pitch, prompt, options)
            chunk = self.chunk_frames * SAMPLES_PER_FRAME
            for number, start in enumerate(range(0, len(audio), chunk)):
                if self.before_chunk:
                    self.before_chunk(index, number)
                yield index, audio[start:start + chunk]

    def _speak(self, text: str, language: str, pitch: float, prompt: VoicePrompt,
               options: SynthesisOptions) -> np.ndarray:
        frames = min(options.max_new_tokens, 2 + len(text))
        digest = hashlib.sha256(f"{options.seed}|{language}|{text}".encode()
                                + prompt.speaker_embedding.tobytes()).digest()
        rng = np.random.default_rng(int.from_bytes(digest[:8], "little"))
        t = np.arange(frames * SAMPLES_PER_FRAME) / SAMPLE_RATE
        tone = 0.3 * np.sin(2 * np.pi * pitch * t) + 0.02 * rng.standard_normal(t.size)
        return tone.astype(np.float32)
