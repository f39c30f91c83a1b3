"""The real qwen-asr code path on CPU, with tiny randomly initialised Qwen3-ASR and Qwen3-ForcedAligner checkpoints.

Real feature extraction, audio encoder, greedy decoding and its parsing, real alignment with the aligner's own
word splitting (nagisa for Japanese, soynlp for Korean). Random weights say nonsense, so these tests check shapes,
languages, units and clamping, not what is said. Skipped, with a message naming what is missing, unless
scripts/install-real-engine.sh has been run.
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
import soundfile
from fastapi.testclient import TestClient

from conftest import AUDIO, TRANSCRIPTS, WORKER, b64, clip, wav_of, missing, real_engine_marks
from utter_worker.app import create_app
from utter_worker.config import Settings
from utter_worker.engines.fake import FakeEngine
from utter_worker.listening import load_listener

MISSING = missing("torch", "transformers", "qwen_tts", "qwen_asr")
pytestmark = real_engine_marks(MISSING)

TOKENS = 12  # a random recogniser never stops by itself: this many tokens per clip
NATURE_WORDS = ["Some", "call", "me", "nature", "others", "call", "me", "mother", "nature"]


@pytest.fixture(scope="module")
def listener():
    loaded = load_listener(Settings(engine="qwen", model="random:tiny", asr_model="random:tiny", device="cpu"))
    loaded.max_new_tokens = TOKENS
    return loaded


@pytest.fixture(scope="module")
def client(listener):
    # The fake engine speaks; the listener is the real one (the TTS model plays no part in listening).
    return TestClient(create_app(FakeEngine(), Settings(engine="fake"), listener=listener))


def transcribe(client, audio: bytes, **body) -> dict:
    response = client.post("/v1/transcriptions", json={"audio": b64(audio), **body})
    assert response.status_code == 200, response.text
    return response.json()


def align(client, audio: bytes, text: str, language: str) -> dict:
    response = client.post("/v1/alignments", json={"audio": b64(audio), "text": text, "language": language})
    assert response.status_code == 200, response.text
    return response.json()


def within(words: list[dict], duration: float) -> bool:
    return all(0 <= w["start"] <= w["end"] <= duration for w in words)


def test_health_names_the_models_and_their_languages(client, listener):
    body = client.get("/health").json()
    assert body["capabilities"]["transcription"] is True and body["capabilities"]["alignment"] is True
    listening = body["listening"]
    assert listening["asr_model"] == listening["aligner_model"] == "random/tiny"
    assert len(listening["languages"]) == 30 and {"Chinese", "English", "Cantonese"} <= set(listening["languages"])
    assert set(listening["alignment_languages"]) == {"Cantonese", "Chinese", "English", "French", "German", "Italian",
                                                     "Japanese", "Korean", "Portuguese", "Russian", "Spanish"}
    assert type(listener).__name__ == "QwenListener" and str(listener.asr.model.device) == "cpu"


def test_transcription_detects_or_is_told_the_language(client):
    body = transcribe(client, clip("nature-en.wav"))
    assert isinstance(body["text"], str) and body["duration"] == pytest.approx(5.333, abs=0.001)
    # A random model names no language: none is reported, and no Utter language either.
    assert body["detected"] is None and body["language"] is None and body["words"] is None
    body = transcribe(client, clip("nature-en.wav"), language="english", word_timings=True)
    assert body["text"] and (body["language"], body["detected"]) == ("English", "English")
    assert body["words"] and within(body["words"], body["duration"])
    body = transcribe(client, clip("taiyi-zh.wav"), language="Cantonese")
    assert (body["language"], body["detected"], body["words"]) == ("unsupported", "Cantonese", None)


def test_word_timings_only_where_the_aligner_takes_the_language(client):
    body = transcribe(client, clip("nature-en.wav"), language="Arabic", word_timings=True)
    assert (body["language"], body["words"]) == ("unsupported", None)
    body = transcribe(client, clip("nature-en.wav"), word_timings=True)  # detected: nothing the aligner takes
    assert body["words"] is None


def test_alignment_units_come_from_the_aligners_own_splitting(client):
    body = align(client, clip("nature-en.wav"), TRANSCRIPTS["nature-en.wav"], "English")
    assert [w["text"] for w in body["words"]] == NATURE_WORDS and within(body["words"], body["duration"])
    body = align(client, clip("taiyi-zh.wav"), TRANSCRIPTS["taiyi-zh.wav"], "Chinese")
    assert "".join(w["text"] for w in body["words"]) == "对这就是我万人敬仰的太乙真人" and len(body["words"]) == 14
    body = align(client, clip("nature-en.wav"), "今日は良い天気です", "Japanese")
    assert [w["text"] for w in body["words"]] == ["今日", "は", "良い", "天気", "です"]  # nagisa's words
    body = align(client, clip("nature-en.wav"), "안녕하세요 반갑습니다", "Korean")
    assert len(body["words"]) >= 2 and "".join(w["text"] for w in body["words"]) == "안녕하세요반갑습니다"  # soynlp
    assert align(client, clip("nature-en.wav"), "... !!!", "English")["words"] == []


def test_times_are_clamped_to_the_clip(client):
    speech, rate = soundfile.read(AUDIO / "nature-en.wav", dtype="float32")
    short = wav_of(speech[: rate // 10], rate)  # 0.1 s, the shortest accepted
    body = align(client, short, "Some call me", "English")
    assert body["duration"] == 0.1 and len(body["words"]) == 3 and within(body["words"], 0.1)
    body = transcribe(client, short, language="English", word_timings=True)
    assert body["duration"] == 0.1 and within(body["words"], 0.1)


def test_other_rates_and_formats_reach_the_model_as_arrays(client):
    for name in ("LJ001-0002.wav", "nature-en.ogg", "LJ001-0001.mp3"):  # 22.05 kHz, Ogg/Opus 48 kHz, MP3
        body = transcribe(client, clip(name), language="English", word_timings=True)
        assert body["words"] is not None and within(body["words"], body["duration"])


def test_bad_input_never_reaches_the_model(client):
    response = client.post("/v1/transcriptions", json={"audio": b64(wav_of(0.1 * np.ones(200), 24000))})
    assert response.status_code == 422 and response.json()["code"] == "audio-too-short"  # qwen-asr fails below ~12 ms
    response = client.post("/v1/transcriptions", json={"audio": b64(clip("nature-en.wav")), "language": "Klingon"})
    assert response.status_code == 422 and response.json()["code"] == "unsupported-language"


def test_without_an_aligner_there_are_no_word_timings():
    listener = load_listener(Settings(engine="qwen", model="random:tiny", asr_model="random:tiny", aligner_model="none", device="cpu"))
    listener.max_new_tokens = TOKENS
    client = TestClient(create_app(FakeEngine(), Settings(engine="fake"), listener=listener))
    health = client.get("/health").json()
    assert health["capabilities"]["alignment"] is False and health["listening"]["alignment_languages"] == []
    assert transcribe(client, clip("nature-en.wav"), language="English", word_timings=True)["words"] is None
    response = client.post("/v1/alignments", json={"audio": b64(clip("nature-en.wav")), "text": "Hi",
                                                   "language": "English"})
    assert response.status_code == 501 and response.json()["code"] == "not-implemented"


def test_missing_weights_leave_the_worker_speaking_without_listening(caplog):
    settings = Settings(engine="qwen", model="random:tiny", asr_model="nobody/no-such-asr-model",
                        allow_download=False, device="cpu")
    assert load_listener(settings) is None
    assert "does not listen" in caplog.text and "nobody/no-such-asr-model" in caplog.text


def test_published_sizes_build_with_the_released_parameter_counts():
    import torch
    from qwen_asr.core.transformers_backend import Qwen3ASRConfig, Qwen3ASRForConditionalGeneration

    from utter_worker.random_asr_model import build_tokenizer, model_config

    tokenizer = build_tokenizer()
    counts = {}
    for size, aligner in (("0.6B", False), ("1.7B", False), ("0.6B", True)):
        with torch.device("meta"):
            model = Qwen3ASRForConditionalGeneration(Qwen3ASRConfig(**model_config(size, aligner, tokenizer)))
        counts[size, aligner] = sum(p.numel() for p in model.parameters()) / 1e9
    assert counts["0.6B", False] == pytest.approx(0.78, abs=0.02)
    assert counts["1.7B", False] == pytest.approx(2.35, abs=0.05)  # untied head: the 4.7 GB release
    assert counts["0.6B", True] == pytest.approx(0.92, abs=0.02)
    with pytest.raises(ValueError):
        model_config("1.7B", True, tokenizer)


def test_benchmark_times_listening_on_cpu():
    result = subprocess.run([sys.executable, str(WORKER / "scripts" / "benchmark_listening.py"), "--sizes", "tiny",
                             "--device", "cpu", "--tokens", "8"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    rows = [line.split() for line in result.stdout.splitlines() if line.startswith(("transcribe", "align"))]
    assert [row[0] for row in rows] == ["transcribe", "transcribe+words", "align"]
