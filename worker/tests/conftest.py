"""Shared fixtures: the real speech clips, apps over the fake engine, and a live uvicorn server."""

from __future__ import annotations

import base64
import importlib.util
import io
import socket
import threading
import time
from pathlib import Path

import numpy as np
import pytest
import soundfile
import uvicorn
from fastapi.testclient import TestClient

from utter_worker import framing
from utter_worker.app import create_app
from utter_worker.config import Settings
from utter_worker.engines.fake import FakeEngine

WORKER = Path(__file__).resolve().parents[1]
AUDIO = WORKER.parent / "fixtures" / "audio"  # the repository's speech clips (read-only)
TRANSCRIPTS = {
    "nature-en.wav": "Some call me nature, others call me mother nature.",
    "taiyi-zh.wav": "对，这就是我，万人敬仰的太乙真人。",
    "apollo11-one-small-step.wav": "That's one small step for man, one giant leap for mankind.",
    "LJ001-0001.wav": "Printing, in the only sense with which we are at present concerned, differs from most if "
                      "not from all the arts and crafts represented in the Exhibition",
    "LJ001-0002.wav": "in being comparatively modern.",
}


def missing(*modules: str) -> list[str]:
    """The modules of the real engine that cannot be imported here."""
    return [name for name in modules if importlib.util.find_spec(name) is None]


def real_engine_marks(absent: list[str]) -> list:
    """Marks a real-engine module, skipped test by test (a run of only that file then exits 0, not 5) with a
    message naming what is missing."""
    return [pytest.mark.real_engine, pytest.mark.skipif(
        bool(absent), reason=f"real-engine tests need {', '.join(absent)}; install them with "
                             "worker/scripts/install-real-engine.sh")]


def clip(name: str) -> bytes:
    path = AUDIO / name
    if not path.exists():
        pytest.fail(f"fixture clip {path} is missing from the repository")
    return path.read_bytes()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def wav_of(samples: np.ndarray, sample_rate: int) -> bytes:
    out = io.BytesIO()
    soundfile.write(out, samples, sample_rate, format="WAV", subtype="PCM_16")
    return out.getvalue()


def long_clip(seconds: float) -> bytes:
    """Real speech repeated to the given length (the fixtures are all shorter than a minute)."""
    speech, rate = soundfile.read(AUDIO / "LJ001-0001.wav", dtype="float32")
    return wav_of(np.tile(speech, int(seconds * rate // len(speech)) + 1)[: int(seconds * rate)], rate)


def reference(name: str = "nature-en.wav", **extra) -> dict:
    return {"audio": b64(clip(name)), "transcript": TRANSCRIPTS.get(name), **extra}


def stream_frames(response) -> list[framing.Frame]:
    return list(framing.decode([response.content]))


def item_pcm(frames: list[framing.Frame], item: int) -> bytes:
    return b"".join(f.payload for f in frames if f.type == framing.AUDIO and f.item == item)


@pytest.fixture
def settings() -> Settings:
    return Settings(engine="fake", prompt_cache_size=16)


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def client(engine, settings) -> TestClient:
    return TestClient(create_app(engine, settings))


@pytest.fixture
def make_client():
    """Build a client over any engine and settings; raise_server_exceptions off so 500s come back as responses."""
    def make(engine=None, **settings) -> TestClient:
        return TestClient(create_app(engine or FakeEngine(), Settings(engine="fake", **settings)),
                          raise_server_exceptions=False)
    return make


@pytest.fixture
def prompt(client) -> str:
    response = client.post("/v1/prompts", json=reference())
    assert response.status_code == 200, response.text
    return response.json()["prompt"]


class LiveServer:
    """The app under real uvicorn on a free loopback port, so streaming is observed over a socket."""

    def __init__(self, app):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = "http://127.0.0.1:%d" % self.socket.getsockname()[1]
        self.server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self):
        self.thread.start()
        deadline = time.time() + 10
        while not self.server.started:
            assert time.time() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc):
        self.server.should_exit = True
        self.thread.join(10)
        self.socket.close()


@pytest.fixture
def live_server():
    return lambda engine, **settings: LiveServer(create_app(engine, Settings(engine="fake", **settings)))
