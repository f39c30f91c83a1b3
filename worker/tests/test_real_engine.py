"""The real qwen-tts code path on CPU, with a tiny randomly initialised Qwen3-TTS (weights cannot be downloaded).

Real text tokenizer encode (a byte-level tokenizer built locally), real codec encode of the fixture clips,
real speaker encoder, generation capped at a few codec frames, real codec decode to 24 kHz. Skipped, with a
message naming what is missing, unless scripts/install-real-engine.sh has been run.
"""

from __future__ import annotations

import base64
import io
import subprocess
import sys

import numpy as np
import pytest
import soundfile
from fastapi.testclient import TestClient

from conftest import WORKER, b64, clip, item_pcm, long_clip, reference, stream_frames, missing, real_engine_marks
from utter_worker import framing
from utter_worker.app import create_app
from utter_worker.config import Settings
from utter_worker.engines import load_engine

MISSING = missing("torch", "transformers", "qwen_tts")
pytestmark = real_engine_marks(MISSING)
if not MISSING:
    import torch

    from utter_worker.engines import SynthesisOptions, Utterance
    from utter_worker.engines.batched import BatchedEngine
    from utter_worker.engines.qwen import attention_candidates, load_with_fallback, to_prompt_item

FRAMES = 4  # generation cap: 4 codec frames = 0.32 s of audio
SAMPLES_PER_FRAME = 1920


@pytest.fixture(scope="module")
def engine():
    settings = Settings(engine="qwen", model="random:tiny", device="cpu")
    return load_engine(settings)


@pytest.fixture(scope="module")
def client(engine):
    return TestClient(create_app(engine, Settings(engine="qwen", model="random:tiny", device="cpu")))


@pytest.fixture(scope="module")
def prompt(client):
    return client.post("/v1/prompts", json=reference()).json()["prompt"]


def speak(client, prompt, **body):
    return client.post("/v1/synthesize", json={"text": "Hello there.", "language": "English", "prompt": prompt,
                                               "max_new_tokens": FRAMES, "seed": 1, **body})


def test_health_reports_the_real_engine(client):
    body = client.get("/health").json()
    assert body["engine"] == "qwen-tts" and body["model"]["id"] == "random/tiny" and body["model"]["size"] == "tiny"
    assert (body["device"], body["dtype"], body["attention"]) == ("cpu", "float32", "sdpa")
    assert body["capabilities"]["streaming"] is False and body["capabilities"]["batching"] is False
    assert body["capacity"]["streams"] == 1  # the official path speaks one text at a time
    assert set(body["languages"]) == {"Auto", "Chinese", "English", "German", "Italian", "Portuguese", "Spanish",
                                      "Japanese", "Korean", "French", "Russian"}


def test_prompt_holds_real_codec_codes_and_speaker_embedding(client):
    body = client.post("/v1/prompts", json=reference()).json()
    assert body["frames"] == 67 and body["model"] == "random/tiny"  # 5.33 s at 12.5 Hz
    from utter_worker.prompts import deserialize
    prompt = deserialize(base64.b64decode(body["prompt"]))
    assert prompt.codes.shape == (67, 16) and int(prompt.codes.max()) < 2048
    assert prompt.speaker_embedding.shape == (32,) and np.isfinite(prompt.speaker_embedding).all()


def test_prompt_of_a_30_second_reference(client):
    body = client.post("/v1/prompts", json={"audio": b64(long_clip(30)), "transcript": "Printing, in the only "
                                            "sense with which we are at present concerned."}).json()
    assert abs(body["frames"] - 375) <= 1 and body["bytes"] < 40_000


def test_generation_streams_and_matches_the_wav_with_the_same_seed(client, prompt):
    frames = stream_frames(speak(client, prompt))
    assert frames[0].json()["engine"] == "qwen-tts" and frames[-1].type == framing.END
    pcm = item_pcm(frames, 0)
    assert 0 < len(pcm) // 2 <= FRAMES * SAMPLES_PER_FRAME
    wav = client.post("/v1/synthesize", json={"text": "Hello there.", "language": "English", "prompt": prompt,
                                              "max_new_tokens": FRAMES, "seed": 1}, headers={"Accept": "audio/wav"})
    samples, rate = soundfile.read(io.BytesIO(wav.content), dtype="int16")
    assert rate == 24000 and samples.tobytes() == pcm


def test_a_batch_of_two_languages_keeps_order(client, prompt):
    texts, languages = ["Hello there.", "你好，世界。"], ["English", "Chinese"]
    frames = stream_frames(speak(client, prompt, text=texts, language=languages))
    done = [f for f in frames if f.type == framing.ITEM_DONE]
    assert [f.item for f in done] == [0, 1] and all(f.json()["samples"] > 0 for f in done)


def test_x_vector_only_and_inline_reference(client):
    body = {"text": "Hi.", "language": "Auto", "max_new_tokens": FRAMES,
            "reference": {"audio": b64(clip("taiyi-zh.wav")), "x_vector_only": True}}
    frames = stream_frames(client.post("/v1/synthesize", json=body))
    assert frames[-1].type == framing.END and len(item_pcm(frames, 0)) > 0


def test_attention_falls_back_when_flash_attention_is_unusable(tmp_path):
    from qwen_tts import Qwen3TTSModel

    from utter_worker.random_model import write_random_checkpoint
    path = write_random_checkpoint(tmp_path, "tiny")
    assert attention_candidates("auto", "cpu") == ["sdpa", "eager"]
    _, used = load_with_fallback(["flash_attention_2", "sdpa"], lambda attn: Qwen3TTSModel.from_pretrained(
        path, device_map="cpu", dtype=torch.float32, attn_implementation=attn))
    assert used == "sdpa"


def test_benchmark_compares_both_engines_on_cpu():
    result = subprocess.run([sys.executable, str(WORKER / "scripts" / "benchmark.py"), "--sizes", "tiny",
                             "--device", "cpu", "--streams", "1,2", "--max-new-tokens", "6"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith(("official ", "batched "))]
    assert [(row[0], row[1]) for row in rows] == [("official", "1"), ("official", "2"), ("batched", "1"),
                                                  ("batched", "2")]
    assert all(float(row[4]) == pytest.approx(int(row[1]) * 5 / 12.5) for row in rows)  # 5 frames per stream
