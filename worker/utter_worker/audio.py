"""Audio in (base64 file -> float32 mono array), 16-bit PCM and WAV out."""

from __future__ import annotations

import base64
import binascii
import io
import struct

import numpy as np
import soundfile

from .config import Settings
from .problems import Problem

SILENCE_PEAK = 1e-4  # a clip whose loudest sample is below this holds no voice


def decode_base64(text: str, code: str, what: str) -> bytes:
    """Standard base64 (RFC 4648 section 4, padded), whitespace tolerated."""
    try:
        return base64.b64decode("".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        raise Problem(code, f"{what} is not valid base64 (RFC 4648, standard alphabet, padded).") from None


def decode_reference(data: bytes, settings: Settings) -> tuple[np.ndarray, int]:
    """Decode a reference clip (WAV, FLAC, OGG or MP3) to a mono float32 array and its rate, checking its length."""
    return decode_audio(data, settings.min_reference_seconds, settings.max_reference_seconds,
                        what="The reference audio", advice=" (10 to 30 s works best)")


def decode_audio(data: bytes, min_seconds: float, max_seconds: float, what: str = "The audio",
                 advice: str = "") -> tuple[np.ndarray, int]:
    """Decode an audio file to a mono float32 array and its sample rate; refuse it when undecodable, silent, or
    outside [min_seconds, max_seconds]."""
    try:
        audio, sample_rate = soundfile.read(io.BytesIO(data), dtype="float32", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError, ValueError) as error:
        raise Problem("invalid-audio", f"{what} could not be decoded; send 16-bit PCM WAV "
                      f"(24 kHz mono preferred). Decoder said: {error}") from None
    audio = audio.mean(axis=1)  # down-mix: the models take mono
    seconds = len(audio) / sample_rate if sample_rate else 0.0
    if seconds < min_seconds:
        raise Problem("audio-too-short", f"{what} is {seconds:.2f} s long; at least {min_seconds:g} s is needed"
                      f"{advice}.", seconds=round(seconds, 3), min_seconds=min_seconds)
    if seconds > max_seconds:
        raise Problem("audio-too-long", f"{what} is {seconds:.2f} s long; at most {max_seconds:g} s is accepted"
                      f"{advice}.", seconds=round(seconds, 3), max_seconds=max_seconds)
    if float(np.max(np.abs(audio))) < SILENCE_PEAK:
        raise Problem("invalid-audio", f"{what} is silent.")
    return np.ascontiguousarray(audio, dtype=np.float32), int(sample_rate)


def to_pcm16(audio: np.ndarray) -> bytes:
    """Float samples in [-1, 1] to little-endian signed 16-bit PCM (element-wise, so chunks concatenate)."""
    return (np.clip(audio, -1.0, 1.0) * 32767.0).round().astype("<i2").tobytes()


def wav_header(data_bytes: int, sample_rate: int, channels: int = 1) -> bytes:
    """The 44-byte RIFF/WAVE header of a 16-bit PCM file holding `data_bytes` bytes of samples."""
    block = 2 * channels
    return struct.pack("<4sI4s4sIHHIIHH4sI", b"RIFF", 36 + data_bytes, b"WAVE", b"fmt ", 16, 1, channels,
                       sample_rate, sample_rate * block, block, 16, b"data", data_bytes)


def wav_bytes(pcm: bytes, sample_rate: int) -> bytes:
    return wav_header(len(pcm), sample_rate) + pcm
