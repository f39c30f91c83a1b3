"""A deterministic stand-in for Qwen3-TTS: no torch, no weights, same contract.

The "speech" is a tone whose pitch comes from the prompt's speaker embedding (or from the preset speaker's
name, or the designed voice's description) and whose length grows with the text, so tests can tell voices, texts
and streams apart. It serves the VoiceDesign and CustomVoice families when UTTER_DESIGN_MODEL and UTTER_PRESET_MODEL
name anything (a "0.6B" in the latter: a model that takes no instructions, like the real one). The same seed, text, language and
prompt always give the same samples, whether the text is decoded alone or beside others.

Like a GPU it decodes every open stream in one step, and a step costs `frame_seconds` however many
streams it holds (a flat batch cost), so the scheduler in front of it can be measured.

Every clip it makes is noted in the process's registry of spoken audio (listening/spoken.py), so that the fake
listener hears its text in it. Two test switches (UTTER_FAKE_RUNAWAY, UTTER_FAKE_GARBLE) make the first text
holding a marker go wrong once, as a real model sometimes does: its audio runs on six times as long as the text
needs (up to max_new_tokens), or the listener hears it garbled. Later texts with the marker are spoken normally.
"""

from __future__ import annotations

import hashlib
import time
from typing import Callable

import numpy as np

from ..audio import to_pcm16
from ..config import FRAME_RATE, SAMPLE_RATE, Settings
from ..listening.spoken import SPOKEN, SpokenAudio, garbled, guess_language
from ..prompts import VoicePrompt
from . import BASE, DESIGN, PRESET, DeviceLost, EngineInfo, Family, Utterance
from .families import KNOWN_SPEAKERS, speakers_of

SAMPLES_PER_FRAME = int(SAMPLE_RATE / FRAME_RATE)  # 1920
CODEBOOKS = 16
EMBEDDING_DIM = 32
RUNAWAY_FACTOR = 6


class FakeStream:
    def __init__(self, utterance: Utterance, audio: np.ndarray, chunk_frames: int):
        self.utterance = utterance
        self.audio = audio
        self.chunk_frames = chunk_frames
        self.frames = len(audio) // SAMPLES_PER_FRAME
        self.made = 0  # frames decoded so far
        self.sent = 0  # frames handed over by take()
        self.chunks = 0  # chunks handed over
        self.finished = False

    def take(self) -> list[np.ndarray]:
        due = self.made if self.finished else self.made - self.made % self.chunk_frames
        out = []
        while self.sent < due:
            end = min(due, self.sent + self.chunk_frames)
            out.append(self.audio[self.sent * SAMPLES_PER_FRAME:end * SAMPLES_PER_FRAME])
            self.sent = end
        return out


class FakeEngine:
    def __init__(self, model_id: str = "fake/utter-fake", chunk_frames: int = 8, frame_seconds: float = 0.0,
                 max_streams: int = 16, before_chunk: Callable[[str, int], None] | None = None,
                 device_lost_after: int | None = None, runaway_marker: str = "", garble_marker: str = "",
                 spoken: SpokenAudio = SPOKEN, families: tuple[Family, ...] = ()):
        self.info = EngineInfo(engine="fake", model_id=model_id, model_revision=None, model_size="none",
                               parameters=0, device="cpu", dtype="float32", attention="none", streaming=True,
                               max_streams=max_streams, speaker_embedding_dim=EMBEDDING_DIM,
                               families=(Family(BASE, model_id, "none", False),) + families)
        self.chunk_frames = chunk_frames
        self.frame_seconds = frame_seconds  # what one decoding step costs, whatever the batch size
        self.before_chunk = before_chunk  # test hook: called with (text, chunk number) before a chunk is made
        self.device_lost_after = device_lost_after  # test hook: steps until the "device" fails for good
        self.prompts_created = 0
        self.steps = 0
        self.batch_sizes: list[int] = []  # streams decoded by each step
        self.opened: list[str] = []  # texts in the order their streams opened
        self.open_streams: list[FakeStream] = []
        self.runaway_marker = runaway_marker  # test switch: the first text holding it runs away
        self.garble_marker = garble_marker  # test switch: the first text holding it is heard garbled
        self.tripped: set[str] = set()  # the switches already used: "runaway", "garble"
        self.spoken = spoken

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

    def open(self, utterance: Utterance) -> FakeStream:
        audio = self._speak(utterance)
        text = garbled(utterance.text) if self._trips("garble", self.garble_marker, utterance.text) else utterance.text
        language = utterance.language if utterance.language != "Auto" else guess_language(utterance.text)
        self.spoken.note(np.frombuffer(to_pcm16(audio), dtype="<i2"), text, language)
        stream = FakeStream(utterance, audio, self.chunk_frames)
        self.opened.append(utterance.text)
        self.open_streams.append(stream)
        return stream

    def step(self) -> None:
        active = [s for s in self.open_streams if not s.finished]
        if not active:
            return
        self.steps += 1
        if self.device_lost_after is not None and self.steps > self.device_lost_after:
            raise DeviceLost("CUDA error: an illegal memory access was encountered (simulated)")
        self.batch_sizes.append(len(active))
        for stream in active:
            if self.before_chunk and stream.made % self.chunk_frames == 0:
                self.before_chunk(stream.utterance.text, stream.made // self.chunk_frames)
        if self.frame_seconds:
            time.sleep(self.frame_seconds)
        for stream in active:
            stream.made += 1
            stream.finished = stream.made >= stream.frames

    def close(self, stream: FakeStream) -> None:
        self.open_streams.remove(stream)

    def _speak(self, utterance: Utterance) -> np.ndarray:
        options = utterance.options
        voice = self._voice(utterance)
        pitch = 110.0 + 400.0 * float(np.abs(voice).max())
        frames = 2 + len(utterance.text)
        if self._trips("runaway", self.runaway_marker, utterance.text):
            frames *= RUNAWAY_FACTOR
        frames = min(options.max_new_tokens, frames)
        digest = hashlib.sha256(f"{options.seed}|{utterance.language}|{utterance.text}".encode()
                                + voice.tobytes()).digest()
        rng = np.random.default_rng(int.from_bytes(digest[:8], "little"))
        t = np.arange(frames * SAMPLES_PER_FRAME) / SAMPLE_RATE
        tone = 0.3 * np.sin(2 * np.pi * pitch * t) + 0.02 * rng.standard_normal(t.size)
        return tone.astype(np.float32)

    @staticmethod
    def _voice(utterance: Utterance) -> np.ndarray:
        """The clone's speaker embedding, or one drawn from the preset speaker's name or the voice's description
        (a style given to a preset speaker changes its voice a little, as an instruction would)."""
        if utterance.prompt is not None:
            return utterance.prompt.speaker_embedding
        seed = f"{utterance.speaker or ''}|{utterance.instruct or ''}".encode()
        digest = hashlib.sha256(seed).digest()
        embedding = np.random.default_rng(int.from_bytes(digest[:8], "little")).random(EMBEDDING_DIM)
        return (embedding / np.linalg.norm(embedding)).astype(np.float32)

    def _trips(self, switch: str, marker: str, text: str) -> bool:
        """True the first time a text holds this test switch's marker."""
        if not marker or marker not in text or switch in self.tripped:
            return False
        self.tripped.add(switch)
        return True


def fake_families(settings: Settings) -> tuple[Family, ...]:
    """The families a fake worker pretends to serve beside cloning, from UTTER_DESIGN_MODEL and UTTER_PRESET_MODEL."""
    families = []
    if settings.design_model:
        families.append(Family(DESIGN, f"fake/{settings.design_model}", "none", True))
    if settings.preset_model:
        dialects = {"dylan": "beijing_dialect", "eric": "sichuan_dialect"}
        families.append(Family(PRESET, f"fake/{settings.preset_model}", "none", "0.6B" not in settings.preset_model,
                               speakers_of(dict.fromkeys(KNOWN_SPEAKERS, 0), dialects)))
    return tuple(families)
