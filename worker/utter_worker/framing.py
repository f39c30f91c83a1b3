"""The audio stream framing of POST /v1/synthesize (media type application/vnd.utter.audio-stream).

Each frame is an 8-byte header and a payload:
    byte 0     type: 'S' start, 'A' audio, 'D' item done, 'E' error, 'Z' end of stream
    byte 1     flags, 0 (reserved)
    bytes 2-3  item index, unsigned 16-bit big-endian (0 on S and Z frames, 0xFFFF on E frames)
    bytes 4-7  payload length, unsigned 32-bit big-endian
Payloads: S, D, E, Z carry UTF-8 JSON; A carries signed 16-bit little-endian mono PCM at 24 kHz.
"""

from __future__ import annotations

import json
import struct
from dataclasses import dataclass
from typing import Iterable, Iterator

MEDIA_TYPE = "application/vnd.utter.audio-stream"
HEADER = struct.Struct(">cBHI")
START, AUDIO, ITEM_DONE, ERROR, END = b"S", b"A", b"D", b"E", b"Z"
NO_ITEM = 0xFFFF


@dataclass(frozen=True)
class Frame:
    type: bytes
    item: int
    payload: bytes

    def json(self) -> dict:
        return json.loads(self.payload)


def encode(frame_type: bytes, item: int, payload: bytes) -> bytes:
    return HEADER.pack(frame_type, 0, item, len(payload)) + payload


def encode_json(frame_type: bytes, item: int, value: dict) -> bytes:
    return encode(frame_type, item, json.dumps(value, separators=(",", ":")).encode())


def decode(chunks: Iterable[bytes]) -> Iterator[Frame]:
    """Frames from a byte stream cut anywhere (network reads); raises ValueError on a truncated stream."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        while len(buffer) >= HEADER.size:
            frame_type, _flags, item, length = HEADER.unpack_from(buffer)
            if len(buffer) < HEADER.size + length:
                break
            yield Frame(frame_type, item, bytes(buffer[HEADER.size:HEADER.size + length]))
            del buffer[:HEADER.size + length]
    if buffer:
        raise ValueError(f"stream ended inside a frame ({len(buffer)} bytes left over)")
