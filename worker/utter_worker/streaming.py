"""A request's answer from its ticket's events: the framed stream (binary or server-sent events), or one WAV.

The texts of one request are decoded side by side, so their audio arrives interleaved; the stream still
carries item 0 whole, then item 1, and so on (the protocol's order), holding back a later item's audio until
the items before it are done.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import AsyncIterator

from . import framing
from .batching import Ticket
from .problems import Problem


async def framed(ticket: Ticket, first: tuple, framer: framing.Framer, start: dict, instance: str,
                 arrived: float) -> AsyncIterator[bytes]:
    held: dict[int, list[bytes]] = defaultdict(list)  # audio of items after the one being sent
    samples = [0] * ticket.items
    finished: set[int] = set()
    current = 0  # the item being sent
    event = first
    try:
        yield framer.json(framing.START, 0, start)
        while True:
            kind = event[0]
            if kind == "audio":
                _, item, pcm = event
                samples[item] += len(pcm) // 2
                if item == current:
                    yield framer.audio(item, pcm)
                else:
                    held[item].append(pcm)
            elif kind == "done":
                finished.add(event[1])
                while current in finished:
                    yield framer.json(framing.ITEM_DONE, current, {"samples": samples[current]})
                    current += 1
                    for pcm in held.pop(current, []):
                        yield framer.audio(current, pcm)
            elif kind == "error":
                yield framer.json(framing.ERROR, framing.NO_ITEM, event[1].body(instance))
                return
            else:  # end, with the worker's own time on the request (waiting for a stream included)
                elapsed_ms = round((time.monotonic() - arrived) * 1000, 1)
                yield framer.json(framing.END, 0, {"items": ticket.items, "samples": sum(samples),
                                                   "elapsed_ms": elapsed_ms})
                return
            event = await ticket.next()
    finally:
        ticket.cancel()  # runs when the client goes away too: its streams leave the batch


async def whole(ticket: Ticket, first: tuple) -> bytes:
    """All the audio of a one-text request; raises the problem if it fails."""
    pcm, event = bytearray(), first
    try:
        while event[0] != "end":
            if event[0] == "error":
                raise event[1]
            if event[0] == "audio":
                pcm += event[2]
            event = await ticket.next()
    finally:
        ticket.cancel()
    return bytes(pcm)


def refusal(first: tuple) -> Problem | None:
    """The problem when a request failed before any audio, so it can still be answered with an error status."""
    return first[1] if first[0] == "error" else None
