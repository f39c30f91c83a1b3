"""Voice clone prompts and their binary form (format version 1, specified in docs/worker-protocol.md).

A prompt is what qwen-tts computes once per voice: the reference clip's codec codes (12.5 frames a second,
16 codebooks) and the speaker embedding, plus the transcript the codes belong to. It is bound to the model
that made it, because the embedding comes from that model's speaker encoder.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import numpy as np

from .problems import Problem

CODEBOOKS = 16  # codes per codec frame
CODEBOOK_SIZE = 2048  # each code is below this
MAGIC = b"UTVP"
FORMAT_VERSION = 1
FLAG_X_VECTOR_ONLY = 0x01


@dataclass(frozen=True, eq=False)
class VoicePrompt:
    model: str  # model key the prompt was made with
    speaker_embedding: np.ndarray  # float32, shape (D,)
    codes: np.ndarray | None  # uint16, shape (T, Q); None in x-vector-only mode
    transcript: str | None

    @property
    def x_vector_only(self) -> bool:
        return self.codes is None

    @property
    def frames(self) -> int:
        return 0 if self.codes is None else int(self.codes.shape[0])


def serialize(prompt: VoicePrompt) -> bytes:
    model = prompt.model.encode()
    transcript = (prompt.transcript or "").encode()
    embedding = np.asarray(prompt.speaker_embedding, dtype="<f4").reshape(-1)
    codes = np.zeros((0, 0), dtype="<u2") if prompt.codes is None else np.asarray(prompt.codes, dtype="<u2")
    flags = FLAG_X_VECTOR_ONLY if prompt.codes is None else 0
    body = b"".join([
        MAGIC, struct.pack("<BBH", FORMAT_VERSION, flags, 0),
        struct.pack("<H", len(model)), model,
        struct.pack("<I", len(transcript)), transcript,
        struct.pack("<H", embedding.size), embedding.tobytes(),
        struct.pack("<IH", codes.shape[0], codes.shape[1]), codes.tobytes(),
    ])
    return body + struct.pack("<I", zlib.crc32(body))


def deserialize(data: bytes) -> VoicePrompt:
    if len(data) < 12 or data[:4] != MAGIC:
        raise Problem("invalid-prompt", "This is not a voice prompt (bad magic bytes); send the `prompt` "
                      "string exactly as POST /v1/prompts returned it.")
    if data[4] != FORMAT_VERSION:
        raise Problem("prompt-version-unsupported", f"Prompt format version {data[4]} is not supported "
                      f"(this worker reads version {FORMAT_VERSION}); create the prompt again.",
                      prompt_version=data[4], supported_versions=[FORMAT_VERSION])
    body, (crc,) = data[:-4], struct.unpack("<I", data[-4:])
    if zlib.crc32(body) != crc:
        raise Problem("invalid-prompt", "The voice prompt is damaged (checksum mismatch).")
    try:
        reader = _Reader(body, 8)
        flags = data[5]
        model = reader.take(reader.unpack("<H")).decode()
        transcript = reader.take(reader.unpack("<I")).decode()
        dim = reader.unpack("<H")
        embedding = np.frombuffer(reader.take(4 * dim), dtype="<f4").astype(np.float32)
        frames, codebooks = reader.unpack("<I"), reader.unpack("<H")
        codes = np.frombuffer(reader.take(2 * frames * codebooks), dtype="<u2").reshape(frames, codebooks)
        reader.finish()
    except (struct.error, ValueError, UnicodeDecodeError):
        raise Problem("invalid-prompt", "The voice prompt is malformed.") from None
    x_vector_only = bool(flags & FLAG_X_VECTOR_ONLY)
    if x_vector_only != (frames == 0) or dim == 0:
        raise Problem("invalid-prompt", "The voice prompt is malformed (inconsistent mode).")
    return VoicePrompt(model=model, speaker_embedding=embedding, codes=None if x_vector_only else codes.copy(),
                       transcript=transcript or None)


def check_usable(prompt: VoicePrompt, embedding_dim: int, max_frames: int) -> None:
    """Refuses a well-formed prompt the loaded model cannot take, before it reaches the model: out-of-range codes
    would index past an embedding table, which on a GPU breaks the device for every later request."""
    if prompt.speaker_embedding.size != embedding_dim or not np.isfinite(prompt.speaker_embedding).all():
        raise Problem("invalid-prompt", f"The prompt's speaker embedding has {prompt.speaker_embedding.size} finite "
                      f"values or fewer; this model takes {embedding_dim}. Create the prompt again with POST "
                      "/v1/prompts.")
    if prompt.codes is None:
        return
    frames, codebooks = prompt.codes.shape
    if codebooks != CODEBOOKS:
        raise Problem("invalid-prompt", f"The prompt has {codebooks} codebooks per frame; the model takes "
                      f"{CODEBOOKS}. Create the prompt again with POST /v1/prompts.")
    if frames > max_frames:
        raise Problem("invalid-prompt", f"The prompt holds {frames} codec frames, more than the longest reference "
                      f"({max_frames}). Create the prompt again with POST /v1/prompts.")
    if frames and int(prompt.codes.max()) >= CODEBOOK_SIZE:
        raise Problem("invalid-prompt", f"The prompt holds code {int(prompt.codes.max())}; codes are below "
                      f"{CODEBOOK_SIZE}. Create the prompt again with POST /v1/prompts.")
    if not prompt.transcript:
        raise Problem("invalid-prompt", "The prompt holds reference codes but no transcript; codes are only "
                      "usable with the words they belong to. Create the prompt again with its transcript.")


class _Reader:
    def __init__(self, data: bytes, offset: int):
        self.data, self.offset = data, offset

    def take(self, size: int) -> bytes:
        if self.offset + size > len(self.data):
            raise ValueError("truncated")
        chunk = self.data[self.offset:self.offset + size]
        self.offset += size
        return chunk

    def unpack(self, fmt: str) -> int:
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def finish(self) -> None:
        if self.offset != len(self.data):
            raise ValueError("trailing bytes")
