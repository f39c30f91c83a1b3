"""The scheduler over the fake engine, through real sockets: texts in flight together are decoded together, each
gets its own audio, the queue serves first parts first and then in order of arrival, and refuses what it cannot
serve in time with 503 busy."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import httpx
import pytest

from conftest import WORKER, item_pcm, reference, stream_frames
from utter_worker import framing
from utter_worker.engines.fake import FakeEngine


def speak(http, prompt, text, **extra):
    return http.post("/v1/synthesize", json={"text": text, "prompt": prompt, "seed": 5, **extra})


def in_parallel(*calls):
    results = [None] * len(calls)
    threads = [threading.Thread(target=lambda i=i, call=call: results.__setitem__(i, call())) for i, call in
               enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def wait_until(condition, seconds=10.0):
    deadline = time.time() + seconds
    while not condition():
        assert time.time() < deadline, "timed out"
        time.sleep(0.01)


def test_concurrent_requests_are_decoded_in_one_batch_and_hear_audio_together(live_server):
    engine = FakeEngine(frame_seconds=0.02)  # a flat cost per step, however many streams it holds
    text = "A sentence of about forty characters here."
    with live_server(engine) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        prompt = http.post("/v1/prompts", json=reference()).json()["prompt"]
        events = []

        def listen(name):
            with http.stream("POST", "/v1/synthesize", json={"text": text, "prompt": prompt}) as response:
                for frame in framing.decode(response.iter_raw()):
                    if frame.type in (framing.AUDIO, framing.END):
                        events.append((name, frame.type, time.monotonic()))
        started = time.monotonic()
        in_parallel(*(lambda n=n: listen(n) for n in "abc"))
    first_audio = {name: min(t for n, kind, t in events if n == name and kind == framing.AUDIO) for name in "abc"}
    first_end = min(t for _, kind, t in events if kind == framing.END)
    assert max(first_audio.values()) < first_end, "a request heard nothing until another had finished"
    assert max(engine.batch_sizes) == 3
    alone = 2 + len(text)  # frames of one text; three in series would take three times as many steps
    assert engine.steps < 2 * alone and time.monotonic() - started < 2 * alone * 0.02 + 1.5


def test_streams_of_different_lengths_join_and_leave_with_exactly_their_own_audio(live_server):
    engine = FakeEngine(frame_seconds=0.01, chunk_frames=3)
    texts = ["Short.", "A good deal longer than the first one, this text.", "Middling length text."]
    with live_server(engine) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        prompt = http.post("/v1/prompts", json=reference()).json()["prompt"]
        alone = [item_pcm(stream_frames(speak(http, prompt, text)), 0) for text in texts]
        assert max(engine.batch_sizes) == 1
        engine.batch_sizes.clear()
        staggered = in_parallel(*(lambda i=i: (time.sleep(0.02 * i), speak(http, prompt, texts[i]))[1]
                                  for i in range(3)))
    assert [item_pcm(stream_frames(r), 0) for r in staggered] == alone
    assert engine.batch_sizes[0] == 1 and max(engine.batch_sizes) == 3 and engine.batch_sizes[-1] == 1


def test_first_parts_go_first_then_arrival_order(live_server):
    release = threading.Event()
    engine = FakeEngine(before_chunk=lambda text, number: text == "Holding." and release.wait(10))
    with live_server(engine, max_streams=1) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        prompt = http.post("/v1/prompts", json=reference()).json()["prompt"]
        scheduler_waiting = lambda count: http.get("/health").json()["capacity"]["waiting"] == count  # noqa: E731
        threads = [threading.Thread(target=speak, args=(http, prompt, "Holding."))]
        threads[0].start()
        wait_until(lambda: engine.opened == ["Holding."])
        for count, (text, part) in enumerate([("Later two.", 2), ("Later one.", 1), ("First a.", 0),
                                              ("Standalone.", None)], start=1):
            extra = {} if part is None else {"part": part}
            threads.append(threading.Thread(target=speak, args=(http, prompt, text), kwargs=extra))
            threads[-1].start()
            wait_until(lambda: scheduler_waiting(count))
        release.set()
        for thread in threads:
            thread.join(30)
    assert engine.opened == ["Holding.", "First a.", "Standalone.", "Later two.", "Later one."]


def test_a_full_queue_answers_busy_with_retry_after(live_server):
    release = threading.Event()
    engine = FakeEngine(before_chunk=lambda text, number: release.wait(10))
    with live_server(engine, max_streams=1, max_queue=1) as server, httpx.Client(base_url=server.url,
                                                                                timeout=30) as http:
        prompt = http.post("/v1/prompts", json=reference()).json()["prompt"]
        running = threading.Thread(target=speak, args=(http, prompt, "Running."))
        queued = threading.Thread(target=speak, args=(http, prompt, "Queued."))
        running.start()
        wait_until(lambda: engine.opened == ["Running."])
        queued.start()
        wait_until(lambda: http.get("/health").json()["capacity"]["waiting"] == 1)
        refused = speak(http, prompt, "One too many.")
        health = http.get("/health").json()
        release.set()
        running.join(30)
        queued.join(30)
    assert refused.status_code == 503 and refused.headers["content-type"] == "application/problem+json"
    assert refused.headers["retry-after"] == "2" and refused.json()["code"] == "busy"
    assert health["capacity"] | {"active": 1, "waiting": 1} == health["capacity"]
    assert (health["capacity"]["streams"], health["capacity"]["queue"], health["capabilities"]["batching"]) == \
        (1, 1, False)


def test_a_text_that_waits_too_long_is_refused_before_any_audio(live_server):
    engine = FakeEngine(frame_seconds=0.02)
    with live_server(engine, max_streams=1, queue_timeout_seconds=0.3) as server, \
            httpx.Client(base_url=server.url, timeout=30) as http:
        prompt = http.post("/v1/prompts", json=reference()).json()["prompt"]
        long_one = threading.Thread(target=speak, args=(http, prompt, "word " * 40))  # about 4 s of steps
        long_one.start()
        wait_until(lambda: engine.opened)
        started = time.monotonic()
        refused = speak(http, prompt, "Waiting.")
        waited = time.monotonic() - started
        long_one.join(30)
    assert refused.status_code == 503 and refused.json()["code"] == "busy" and "waited 0.3 s" in refused.json()["detail"]
    assert 0.3 <= waited < 2


def test_a_lost_device_ends_the_worker_process(tmp_path):
    """The fake reports a CUDA error that leaves the device unusable at its eleventh step, after the first chunk: the request gets a problem
    and the process exits (so Modal or a supervisor starts a fresh one) instead of answering on with errors."""
    script = tmp_path / "serve.py"
    script.write_text(
        "import sys, uvicorn\n"
        "from utter_worker.app import create_app\n"
        "from utter_worker.config import Settings\n"
        "from utter_worker.engines.fake import FakeEngine\n"
        "app = create_app(FakeEngine(device_lost_after=10), Settings(engine='fake'))\n"
        "uvicorn.run(app, host='127.0.0.1', port=int(sys.argv[1]), log_level='warning')\n")
    port = free_port()
    worker = subprocess.Popen([sys.executable, str(script), str(port)], env={**os.environ, "PYTHONPATH": str(WORKER)},
                              stderr=subprocess.PIPE, text=True)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            wait_until(lambda: reachable(http), 20)
            prompt = http.post("/v1/prompts", json=reference()).json()["prompt"]
            frames = stream_frames(speak(http, prompt, "Long enough to need a few steps of decoding."))
        assert frames[-1].type == framing.ERROR and frames[-1].json()["code"] == "device-failed"
        assert worker.wait(10) == 3
        assert "the device failed" in worker.stderr.read()
    finally:
        worker.kill()


def free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reachable(http) -> bool:
    try:
        return http.get("/health").status_code == 200
    except httpx.TransportError:
        return False


@pytest.mark.parametrize("accept", [framing.SSE_MEDIA_TYPE, f"{framing.SSE_MEDIA_TYPE}, */*"])
def test_server_sent_events_carry_the_same_frames(client, prompt, accept):
    body = {"text": ["Hello there.", "And a second text."], "prompt": prompt, "seed": 9}
    binary = stream_frames(client.post("/v1/synthesize", json=body))
    sse = client.post("/v1/synthesize", json=body, headers={"Accept": accept})
    assert sse.headers["content-type"].startswith("text/event-stream") and sse.headers["cache-control"] == "no-cache"
    assert sse.text.startswith("event: start\ndata: {")
    events = list(framing.decode_sse([sse.content]))
    assert [(f.type, f.item) for f in events] == [(f.type, f.item) for f in binary]
    assert [f.payload for f in events if f.type == framing.AUDIO] == \
        [f.payload for f in binary if f.type == framing.AUDIO]
