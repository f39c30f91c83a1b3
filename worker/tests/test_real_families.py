"""Preset speakers (CustomVoice) and designed voices (VoiceDesign) through the real qwen-tts code path on CPU, with
tiny randomly initialised checkpoints of each family: design -> prompt -> clone -> speak, a preset speaker with and
without an instruction, and the batched engine making the official codes for both families."""

from __future__ import annotations

import base64
import io
import json

import numpy as np
import pytest
import soundfile
from fastapi.testclient import TestClient

from conftest import item_pcm, stream_frames, missing, real_engine_marks
from utter_worker.app import create_app
from utter_worker.config import Settings

MISSING = missing("torch", "transformers", "qwen_tts")
pytestmark = real_engine_marks(MISSING)
if not MISSING:
    import torch

    from utter_worker.engines import SynthesisOptions, Utterance, load_engine
    from utter_worker.engines.qwen import speak

GREEDY = {"do_sample": False, "subtalker_dosample": False}
DESCRIPTION = "A deep, slow voice of an old sailor, gravelly and kind."
SAMPLE = "The sea was calm that night, and the stars were bright."
ALL = dict(model="random:tiny", design_model="random:tiny", preset_model="random:tiny", device="cpu", listen=False)


@pytest.fixture(scope="module")
def official():
    settings = Settings(engine="qwen", **ALL)
    return settings, load_engine(settings)


@pytest.fixture(scope="module")
def client(official):
    settings, engine = official
    return TestClient(create_app(engine, settings))


@pytest.fixture(scope="module")
def batched():
    return load_engine(Settings(engine="batched", first_chunk_frames=2, stream_chunk_frames=3, **ALL))


def wav(client, **body):
    response = client.post("/v1/synthesize", json={"text": "Hello there.", "language": "English", "seed": 3,
                                                   "max_new_tokens": 6, **body}, headers={"Accept": "audio/wav"})
    assert response.status_code == 200, response.text
    return response.content


def test_health_lists_the_three_families_from_their_checkpoints(client):
    health = client.get("/health").json()
    families = health["families"]
    assert set(families) == {"base", "voice_design", "custom_voice"}
    assert families["voice_design"]["instructions"] and families["custom_voice"]["instructions"]
    speakers = {s["name"]: s for s in families["custom_voice"]["speakers"]}
    assert len(speakers) == 9 and speakers["dylan"]["dialect"] == "Beijing"
    assert speakers["ono_anna"]["languages"] == ["Japanese"]
    assert "Beijing_dialect" not in health["languages"]  # dialect tags are not languages


def test_design_then_clone_then_speak(client):
    designed = wav(client, text=SAMPLE, description=DESCRIPTION, max_new_tokens=40)
    audio, rate = soundfile.read(io.BytesIO(designed), dtype="float32")
    assert rate == 24000 and len(audio) / rate >= 3.0 and np.abs(audio).max() > 0.01
    prompt = client.post("/v1/prompts", json={"audio": base64.b64encode(designed).decode(), "transcript": SAMPLE})
    assert prompt.status_code == 200, prompt.text
    assert prompt.json()["frames"] == 39 and prompt.json()["model"] == "random/tiny"
    frames = stream_frames(client.post("/v1/synthesize", json={"text": "A new sentence.", "language": "English",
                                                               "prompt": prompt.json()["prompt"],
                                                               "max_new_tokens": 5}))
    assert len(item_pcm(frames, 0)) == 4 * 1920 * 2  # max_new_tokens - 1 frames: random weights never stop


def test_a_preset_speaker_with_and_without_an_instruction(client):
    plain = wav(client, speaker="ryan", sampling=GREEDY)
    assert wav(client, speaker="Ryan", sampling=GREEDY) == plain
    styled = wav(client, speaker="ryan", instructions="Very excited, fast.", sampling=GREEDY)
    assert styled != plain and len(styled) == len(plain)  # the instruction changes the codes, not the length cap
    assert wav(client, speaker="vivian", sampling=GREEDY) != plain


def test_a_dialect_speaker_speaks_chinese_with_its_dialect_tag(client):
    assert len(wav(client, speaker="eric", language="Chinese", text="你好，世界。")) > 44


def test_the_0_6b_custom_voice_model_takes_no_instructions(tmp_path):
    from utter_worker.random_model import write_random_checkpoint
    path = write_random_checkpoint(tmp_path / "cv", "tiny", family="custom_voice")
    config = json.loads((path / "config.json").read_text())
    (path / "config.json").write_text(json.dumps({**config, "tts_model_size": "0b6"}))
    settings = Settings(engine="qwen", model="random:tiny", preset_model=str(path), device="cpu", listen=False)
    client = TestClient(create_app(load_engine(settings), settings))
    assert client.get("/health").json()["families"]["custom_voice"]["instructions"] is False
    refused = client.post("/v1/synthesize", json={"text": "Hi.", "speaker": "ryan", "instructions": "sad"})
    assert refused.status_code == 422 and refused.json()["code"] == "instructions-unsupported"


def test_a_model_of_the_wrong_family_is_refused_at_start(tmp_path):
    from utter_worker.random_model import write_random_checkpoint
    base = write_random_checkpoint(tmp_path / "base", "tiny")
    with pytest.raises(ValueError, match="UTTER_DESIGN_MODEL must name a voice_design model"):
        load_engine(Settings(engine="qwen", model="random:tiny", design_model=str(base), device="cpu"))


def official_codes(engine, utterance) -> torch.Tensor:
    """The codes qwen-tts's own generate method for the utterance's family makes, read where it decodes them."""
    tts = engine.engines[utterance.family].tts
    codec = tts.model.speech_tokenizer
    seen = {}
    decode = codec.decode

    def keep(encoded):
        seen["codes"] = encoded[0]["audio_codes"]
        return decode(encoded)
    codec.decode = keep
    try:
        speak(tts, utterance)
    finally:
        del codec.decode
    return seen["codes"]


def test_the_batched_engine_makes_the_official_codes_of_each_family(batched):
    options = [SynthesisOptions(seed=i, max_new_tokens=n, sampling=GREEDY) for i, n in enumerate((10, 14, 8, 12))]
    utterances = [Utterance("Hello there.", "English", None, options[0], speaker="aiden"),
                  Utterance("A longer sentence to say.", "English", None, options[1], speaker="aiden",
                            instruct="Whispering."),
                  Utterance("你好，世界。", "Chinese", None, options[2], speaker="dylan"),
                  Utterance("Hello there.", "English", None, options[3], instruct=DESCRIPTION)]
    expected = [official_codes(batched, utterance) for utterance in utterances]
    streams = []
    for utterance in utterances:  # each joins a step after the one before
        streams.append(batched.open(utterance))
        batched.step()
    while not all(stream.finished for stream in streams):
        batched.step()
    for stream, wanted, utterance in zip(streams, expected, utterances):
        codes = torch.cat(stream.codes)[stream.context:]
        assert torch.equal(codes, wanted), utterance
        assert sum(len(chunk) for chunk in stream.take()) == len(codes) * 1920
        batched.close(stream)
    assert batched.owners == {}


def test_a_family_without_weights_is_left_out_and_cloning_goes_on(tmp_path, monkeypatch):
    monkeypatch.setenv("HF_HOME", str(tmp_path))
    settings = Settings(engine="qwen", model="random:tiny", design_model="Qwen/Qwen3-TTS-12Hz-1.7B-VoiceDesign",
                        allow_download=False, device="cpu", listen=False)
    client = TestClient(create_app(load_engine(settings), settings))
    assert list(client.get("/health").json()["families"]) == ["base"]
