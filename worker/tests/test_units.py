"""Settings, the prompt format, the stream framing and the command line, on their own."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest

from utter_worker import framing
from utter_worker.__main__ import is_loopback, main
from utter_worker.audio import to_pcm16, wav_header
from utter_worker.cache import LruCache
from utter_worker.config import Settings, canonical_language
from utter_worker.problems import Problem
from utter_worker.prompts import VoicePrompt, deserialize, serialize


def test_settings_come_from_utter_variables():
    settings = Settings.from_env({"UTTER_ENGINE": "fake", "UTTER_MAX_BATCH": "3", "UTTER_ALLOW_DOWNLOAD": "no",
                                  "UTTER_MIN_REFERENCE_SECONDS": "2.5", "OTHER": "x"})
    assert (settings.engine, settings.max_batch, settings.allow_download, settings.min_reference_seconds) == \
        ("fake", 3, False, 2.5)
    with pytest.raises(ValueError, match="UTTER_MAX_BATCH"):
        Settings.from_env({"UTTER_MAX_BATCH": "many"})


def test_languages_match_case_insensitively():
    assert canonical_language(" english ") == "English" and canonical_language("AUTO") == "Auto"
    assert canonical_language("Klingon") is None


def prompt(codes=True) -> VoicePrompt:
    rng = np.random.default_rng(0)
    return VoicePrompt(model="Qwen/Qwen3-TTS-12Hz-0.6B-Base@abc", speaker_embedding=rng.random(1024, dtype=np.float32),
                       codes=rng.integers(0, 2048, (375, 16)).astype(np.uint16) if codes else None,
                       transcript="太乙真人 and friends")


def test_prompt_format_round_trips_and_is_compact():
    original = prompt()
    blob = serialize(original)
    text_bytes, model_bytes = len(original.transcript.encode()), len(original.model)
    assert len(blob) == 8 + 2 + model_bytes + 4 + text_bytes + 2 + 1024 * 4 + 6 + 375 * 16 * 2 + 4
    back = deserialize(blob)
    assert back.model == original.model and back.transcript == original.transcript
    assert np.array_equal(back.codes, original.codes) and np.array_equal(back.speaker_embedding,
                                                                          original.speaker_embedding)
    assert len(blob) < 20_000  # a 30 s reference with the 0.6B model's 1024-wide embedding


def test_x_vector_only_prompt_has_no_codes():
    back = deserialize(serialize(prompt(codes=False)))
    assert back.x_vector_only and back.codes is None and back.frames == 0


@pytest.mark.parametrize("mangle, code", [
    (lambda b: b[:10], "invalid-prompt"),
    (lambda b: b"XXXX" + b[4:], "invalid-prompt"),
    (lambda b: b[:4] + b"\x07" + b[5:], "prompt-version-unsupported"),
    (lambda b: b[:-5] + bytes([b[-5] ^ 1]) + b[-4:], "invalid-prompt"),
    (lambda b: b[:-4] + b"extra" + struct.pack("<I", zlib.crc32(b[:-4] + b"extra")), "invalid-prompt"),
])
def test_broken_prompts_are_recognised(mangle, code):
    with pytest.raises(Problem) as caught:
        deserialize(mangle(serialize(prompt())))
    assert caught.value.code == code


def test_frames_survive_any_split_and_truncation_is_an_error():
    stream = framing.encode_json(framing.START, 0, {"a": 1}) + framing.encode(framing.AUDIO, 2, b"\x01\x02" * 50)
    for cut in range(1, len(stream)):
        frames = list(framing.decode([stream[:cut], stream[cut:]]))
        assert [(f.type, f.item) for f in frames] == [(b"S", 0), (b"A", 2)]
    assert stream[:8] == b"S\x00\x00\x00\x00\x00\x00\x07"
    with pytest.raises(ValueError, match="inside a frame"):
        list(framing.decode([stream[:-1]]))


def test_pcm_and_wav_header():
    assert to_pcm16(np.array([0.0, 1.0, -1.0, 2.0, 0.5], dtype=np.float32)) == \
        struct.pack("<5h", 0, 32767, -32767, 32767, 16384)
    header = wav_header(48000, 24000)
    assert header[:4] == b"RIFF" and header[8:16] == b"WAVEfmt " and len(header) == 44
    assert struct.unpack("<I", header[24:28])[0] == 24000 and struct.unpack("<I", header[40:44])[0] == 48000


def test_lru_evicts_the_oldest_and_counts():
    cache = LruCache(2)
    cache.put("a", 1), cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert cache.get("b") is None and cache.get("c") == 3
    assert cache.stats() == {"capacity": 2, "entries": 2, "hits": 2, "misses": 1}


def test_server_refuses_an_open_network_port_without_a_token(monkeypatch, capsys):
    monkeypatch.setenv("UTTER_ENGINE", "fake")
    monkeypatch.delenv("UTTER_AUTH_TOKEN", raising=False)
    monkeypatch.delenv("UTTER_ALLOW_NO_AUTH", raising=False)
    assert main(["--host", "0.0.0.0"]) == 2
    assert "UTTER_AUTH_TOKEN" in capsys.readouterr().err
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0")
