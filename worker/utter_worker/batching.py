"""Continuous batching: every text waits in one queue and one thread decodes the open streams together.

The thread admits waiting texts between decoding steps, as long as fewer than `capacity` streams are open,
so a new request joins the batch at the next step and a finished one leaves it at once. Waiting texts are
taken by priority: a generation's first part (someone is waiting to hear it) before any later part, and
otherwise in order of arrival. A text that cannot start within `queue_timeout` seconds, or that finds the
queue full, is refused with 503 busy and a Retry-After, well before a web-request limit cuts it off.
"""

from __future__ import annotations

import asyncio
import collections
import heapq
import itertools
import logging
import os
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Callable

from .audio import to_pcm16
from .engines import DeviceLost, Engine, Stream, Utterance
from .problems import Problem

log = logging.getLogger("utter_worker")

RETRY_AFTER_SECONDS = 2


def busy(detail: str) -> Problem:
    return Problem("busy", detail, headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
                   retry_after_seconds=RETRY_AFTER_SECONDS)


def exit_process() -> None:
    """What a lost device calls for: let the waiting clients read their errors, then end (and be replaced)."""
    time.sleep(0.5)
    os._exit(3)


class Ticket:
    """One request's texts. The decoding thread posts events; the request's event loop reads them:
    ("audio", item, pcm16 bytes), ("done", item), ("error", Problem), and ("end",) once every item is done."""

    def __init__(self, items: int):
        self.items = items
        self.remaining = items
        self.loop = asyncio.get_running_loop()
        self.events: asyncio.Queue = asyncio.Queue()
        self.cancelled = False  # the client went away, or one of its texts failed
        self.failed = False

    def post(self, event: tuple) -> None:
        self.loop.call_soon_threadsafe(self.events.put_nowait, event)

    def fail(self, problem: Problem) -> None:
        if not self.failed:
            self.failed = self.cancelled = True
            self.post(("error", problem))

    async def next(self) -> tuple:
        return await self.events.get()

    def cancel(self) -> None:
        self.cancelled = True


@dataclass(order=True)
class Waiting:
    rank: tuple  # (0 for a first part, else 1; arrival number; item): smaller goes first
    ticket: Ticket = field(compare=False)
    item: int = field(compare=False)
    utterance: Utterance = field(compare=False)
    since: float = field(compare=False)


class Scheduler:
    def __init__(self, engine: Engine, capacity: int, max_queue: int, queue_timeout: float,
                 on_device_lost: Callable[[], None] = exit_process):
        self.engine = engine
        self.capacity = capacity
        self.max_queue = max_queue
        self.queue_timeout = queue_timeout
        self.on_device_lost = on_device_lost
        self.healthy = True
        self.served = 0
        self._waiting: list[Waiting] = []
        self._open: dict[int, tuple[Stream, Ticket, int]] = {}  # id(stream) -> (stream, ticket, item)
        self._calls: collections.deque[tuple[Callable, Future]] = collections.deque()
        self._arrivals = itertools.count()
        self._wake = threading.Condition()
        threading.Thread(target=self._run, name="decoder", daemon=True).start()

    def submit(self, utterances: list[Utterance], first_part: bool) -> Ticket:
        """Queue a request's texts; raises busy when they would push the queue past its length."""
        ticket = Ticket(len(utterances))
        with self._wake:
            if not self.healthy:
                raise busy("The worker is restarting after a device failure; try again shortly.")
            backlog = len(self._waiting) + len(self._open) + len(utterances) - self.capacity
            if backlog > self.max_queue:
                raise busy(f"The worker is decoding {len(self._open)} streams with {len(self._waiting)} waiting, "
                           f"its limit; try again in {RETRY_AFTER_SECONDS} s.")
            arrival = next(self._arrivals)
            now = time.monotonic()
            for item, utterance in enumerate(utterances):
                heapq.heappush(self._waiting, Waiting((0 if first_part else 1, arrival, item), ticket, item,
                                                      utterance, now))
            self._wake.notify()
        return ticket

    def call(self, work: Callable):
        """Runs other model work (encoding a reference clip) on the decoding thread, between two steps."""
        future: Future = Future()
        with self._wake:
            self._calls.append((work, future))
            self._wake.notify()
        return asyncio.wrap_future(future)

    def stats(self) -> dict:
        with self._wake:
            return {"streams": self.capacity, "queue": self.max_queue, "active": len(self._open),
                    "waiting": len(self._waiting), "queue_timeout_seconds": self.queue_timeout,
                    "served": self.served}

    def _run(self) -> None:
        while True:
            admitted = self._admit()
            try:
                self._run_calls()
                for entry in admitted:
                    self._open_stream(entry)
                self._drop_cancelled()
                if self._open:
                    self._step()
            except DeviceLost as error:
                self._lose_device(error)
                return

    def _admit(self) -> list[Waiting]:
        """Waits for work; returns the texts that may start now and refuses those that waited too long."""
        with self._wake:
            while not self._waiting and not self._open and not self._calls:
                self._wake.wait()
            now = time.monotonic()
            admitted = []
            kept = []
            while self._waiting:
                entry = heapq.heappop(self._waiting)
                if entry.ticket.cancelled:
                    continue
                if len(self._open) + len(admitted) < self.capacity:
                    admitted.append(entry)
                elif now - entry.since > self.queue_timeout:
                    entry.ticket.fail(busy(f"The text waited {self.queue_timeout:g} s without a free stream; "
                                           f"try again in {RETRY_AFTER_SECONDS} s."))
                else:
                    kept.append(entry)
            for entry in kept:
                heapq.heappush(self._waiting, entry)
            return admitted

    def _run_calls(self) -> None:
        while self._calls:
            work, future = self._calls.popleft()
            try:
                future.set_result(work())
            except DeviceLost:
                future.set_exception(Problem("device-failed", "The worker's GPU failed; try again shortly."))
                raise
            except BaseException as error:  # the caller's await raises it
                future.set_exception(error)

    def _open_stream(self, entry: Waiting) -> None:
        try:
            stream = self.engine.open(entry.utterance)
        except (DeviceLost, KeyboardInterrupt):
            raise
        except Problem as problem:
            entry.ticket.fail(problem)
            return
        except Exception:
            log.exception("prefill failed")
            entry.ticket.fail(Problem("synthesis-failed", "The model failed while reading the text; see the "
                                      "worker log. Retrying may help."))
            return
        with self._wake:
            self._open[id(stream)] = (stream, entry.ticket, entry.item)
        self._deliver(stream, entry.ticket, entry.item)

    def _step(self) -> None:
        try:
            self.engine.step()
        except DeviceLost:
            raise
        except Exception:
            log.exception("decoding step failed")
            for stream, ticket, _item in list(self._open.values()):
                ticket.fail(Problem("synthesis-failed", "The model failed while generating; see the worker log. "
                                    "Retrying may help."))
                self._close(stream)
            return
        for stream, ticket, item in list(self._open.values()):
            self._deliver(stream, ticket, item)

    def _deliver(self, stream: Stream, ticket: Ticket, item: int) -> None:
        for chunk in stream.take():
            if len(chunk):
                ticket.post(("audio", item, to_pcm16(chunk)))
        if stream.finished:
            self._close(stream)
            ticket.post(("done", item))
            ticket.remaining -= 1
            if ticket.remaining == 0:
                ticket.post(("end",))

    def _drop_cancelled(self) -> None:
        for stream, ticket, _item in list(self._open.values()):
            if ticket.cancelled:
                self._close(stream)

    def _close(self, stream: Stream) -> None:
        self.engine.close(stream)
        with self._wake:
            del self._open[id(stream)]
            self.served += stream.finished

    def _lose_device(self, error: DeviceLost) -> None:
        log.critical("the device failed and cannot serve again (%s); the worker exits so it is replaced", error)
        with self._wake:
            self.healthy = False
            tickets = {id(t): t for _s, t, _i in self._open.values()} | {id(w.ticket): w.ticket for w in self._waiting}
        for ticket in tickets.values():
            ticket.fail(Problem("device-failed", "The worker's GPU failed; it is being replaced. Try again shortly.",
                                headers={"Retry-After": "10"}, retry_after_seconds=10))
        self.on_device_lost()
