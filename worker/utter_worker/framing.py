"""The audio stream framing of POST /v1/synthesize (media type application/vnd.utter.audio-stream).

Each frame is an 8-byte header and a payload:
    byte 0     type: 'S' start, 'A' audio, 'D' item done, 'E' error, 'Z' end of stream
    byte 1     flags, 0 (reserved)
    bytes 2-3  item index, unsigned 16-bit big-endian (0 on S and Z frames, 0xFFFF on E frames)
    bytes 4-7  payload length, unsigned 32-bit big-endian
Payloads: S, D, E, Z carry UTF-8 JSON; A carries signed 16-bit little-endian mono PCM at 24 kHz.

The same frames can travel as server-sent events (text/event-stream), which proxies that buffer other
responses, Modal's among them, deliver as they are written: one event per frame, named start, audio, done,
error or end, whose data is the frame's JSON with the item index in "item" (audio: the PCM in "pcm", base64).
"""

from __future__ import annotations

import base64
import json
import struct
from dataclasses import dataclass
from typing import Iterable, Iterator

MEDIA_TYPE = "application/vnd.utter.audio-stream"
SSE_MEDIA_TYPE = "text/event-stream"
HEADER = struct.Struct(">cBHI")
START, AUDIO, ITEM_DONE, ERROR, END = b"S", b"A", b"D", b"E", b"Z"
NO_ITEM = 0xFFFF
EVENTS = {START: "start", AUDIO: "audio", ITEM_DONE: "done", ERROR: "error", END: "end"}


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


class Framer:
    """Writes frames in one of the two encodings."""

    def __init__(self, sse: bool):
        self.sse = sse
        self.media_type = SSE_MEDIA_TYPE if sse else MEDIA_TYPE

    def json(self, frame_type: bytes, item: int, value: dict) -> bytes:
        if not self.sse:
            return encode_json(frame_type, item, value)
        data = value if frame_type in (START, ERROR, END) else {"item": item, **value}
        return f"event: {EVENTS[frame_type]}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()

    def audio(self, item: int, pcm: bytes) -> bytes:
        if not self.sse:
            return encode(AUDIO, item, pcm)
        return self.json(AUDIO, item, {"pcm": base64.b64encode(pcm).decode()})


def decode_sse(chunks: Iterable[bytes]) -> Iterator[Frame]:
    """Frames from an event stream, as `decode` gives them from the binary one (tests and scripts/client.py)."""
    names = {name: frame_type for frame_type, name in EVENTS.items()}
    buffer = b""
    for chunk in chunks:
        buffer += chunk
        while b"\n\n" in buffer:
            event, buffer = buffer.split(b"\n\n", 1)
            fields = dict(line.split(": ", 1) for line in event.decode().splitlines())
            frame_type, data = names[fields["event"]], json.loads(fields["data"])
            item = data.pop("item", NO_ITEM if frame_type == ERROR else 0)
            payload = base64.b64decode(data["pcm"]) if frame_type == AUDIO else json.dumps(data).encode()
            yield Frame(frame_type, item, payload)
    if buffer.strip():
        raise ValueError(f"stream ended inside an event ({len(buffer)} bytes left over)")


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
