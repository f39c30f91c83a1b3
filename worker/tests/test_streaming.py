"""Streaming over a real socket: audio arrives before generation ends; a dropped client frees the GPU."""

from __future__ import annotations

import threading
import time

import httpx

from conftest import reference
from utter_worker import framing
from utter_worker.engines.fake import FakeEngine


def test_first_chunk_arrives_before_the_rest_is_generated(live_server):
    released = threading.Event()
    waited = []

    def hold_second_chunk(text, number):
        if number == 1:  # generation stops here until the client has seen chunk 0
            waited.append(released.wait(timeout=10))

    with live_server(FakeEngine(before_chunk=hold_second_chunk)) as server, httpx.Client(base_url=server.url) as http:
        prompt = http.post("/v1/prompts", json=reference()).json()["prompt"]
        body = {"text": "Long enough to need several chunks of audio, three at least.", "prompt": prompt}
        received = []
        with http.stream("POST", "/v1/synthesize", json=body) as response:
            assert response.status_code == 200
            for frame in framing.decode(response.iter_raw()):
                received.append(frame.type)
                if frame.type == framing.AUDIO and not released.is_set():
                    released.set()
    assert waited == [True], "the first audio frame only arrived after generation had finished"
    assert received.count(framing.AUDIO) >= 3 and received[-1] == framing.END


def test_a_client_that_goes_away_does_not_block_the_next_request(live_server):
    slow = FakeEngine(before_chunk=lambda text, number: time.sleep(0.05))
    with live_server(slow) as server, httpx.Client(base_url=server.url, timeout=10) as http:
        prompt = http.post("/v1/prompts", json=reference()).json()["prompt"]
        long_text = {"text": "word " * 150, "prompt": prompt}  # about 100 chunks, five seconds of generation
        with http.stream("POST", "/v1/synthesize", json=long_text) as response:
            next(response.iter_raw())
        started = time.time()
        short = http.post("/v1/synthesize", json={"text": "Next.", "prompt": prompt})
        assert short.status_code == 200 and list(framing.decode([short.content]))[-1].type == framing.END
        assert time.time() - started < 3, "the abandoned generation kept the GPU lock"
