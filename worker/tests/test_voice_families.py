"""Preset speakers (CustomVoice) and designed voices (VoiceDesign) over the fake engine: every route and bad input."""

from __future__ import annotations

import numpy as np
import pytest

from conftest import b64, item_pcm, stream_frames
from utter_worker.config import Settings
from utter_worker.engines import load_engine

DESIGN = "Qwen/Qwen3-TTS-12Hz-1.7B-VoiceDesign"
PRESET = "Qwen/Qwen3-TTS-12Hz-1.7B-CustomVoice"
DESCRIPTION = "A woman in her sixties, low and warm, a slight Scottish accent, calm and amused."
WAV = {"Accept": "audio/wav"}


@pytest.fixture
def families(make_client):
    """A worker serving all three families, and one serving only the Base model."""
    def make(**settings):
        return make_client(load_engine(Settings(engine="fake", **settings)), **settings)
    return make


@pytest.fixture
def client(families):
    return families(design_model=DESIGN, preset_model=PRESET)


def speak(client, **body):
    return client.post("/v1/synthesize", json={"text": "Hello there, how are you today?", "language": "English",
                                               "seed": 5, **body}, headers=WAV)


def test_health_lists_the_families_their_speakers_and_instructions(client):
    health = client.get("/health").json()
    assert health["capabilities"]["voice_design"] and health["capabilities"]["preset_speakers"]
    families = health["families"]
    assert families["base"]["instructions"] is False
    assert families["voice_design"] == {"model": f"fake/{DESIGN}", "size": "none", "instructions": True}
    speakers = {s["name"]: s for s in families["custom_voice"]["speakers"]}
    assert set(speakers) == {"vivian", "serena", "uncle_fu", "dylan", "eric", "ryan", "aiden", "ono_anna", "sohee"}
    assert speakers["uncle_fu"]["label"] == "Uncle Fu" and speakers["uncle_fu"]["languages"] == ["Chinese"]
    assert speakers["eric"]["dialect"] == "Sichuan" and speakers["sohee"]["languages"] == ["Korean"]
    assert all(s["description"] for s in speakers.values())
    assert health["limits"]["max_instruction_chars"] == 500


def test_a_base_only_worker_lists_base_and_names_the_setting_for_the_others(families):
    client = families()
    health = client.get("/health").json()
    assert list(health["families"]) == ["base"]
    assert not health["capabilities"]["voice_design"] and not health["capabilities"]["preset_speakers"]
    preset = speak(client, speaker="ryan")
    assert preset.status_code == 501 and preset.json()["code"] == "family-not-served"
    assert preset.json()["setting"] == "UTTER_PRESET_MODEL" and "UTTER_PRESET_MODEL" in preset.json()["detail"]
    design = speak(client, description=DESCRIPTION)
    assert design.status_code == 501 and design.json()["setting"] == "UTTER_DESIGN_MODEL"


def test_preset_speakers_speak_and_differ_from_each_other(client):
    ryan, ryan_again, sohee = speak(client, speaker="Ryan"), speak(client, speaker="ryan"), speak(client, speaker="Sohee")
    assert ryan.status_code == 200 and ryan.headers["content-type"] == "audio/wav"
    assert ryan.content == ryan_again.content  # names match whatever their case
    assert sohee.content != ryan.content
    assert speak(client, speaker="Uncle Fu").status_code == 200  # the label is accepted as well as the name


def test_an_instruction_changes_how_a_preset_speaker_sounds(client):
    plain = speak(client, speaker="aiden")
    whispered = speak(client, speaker="aiden", instructions="Whisper, slowly, as if telling a secret.")
    assert whispered.status_code == 200 and whispered.content != plain.content


def test_unknown_speaker_lists_the_ones_there_are(client):
    response = speak(client, speaker="alloy")
    assert response.status_code == 422 and response.json()["code"] == "unknown-speaker"
    assert "vivian" in response.json()["speakers"] and "'alloy'" in response.json()["detail"]


def test_instructions_are_refused_where_they_would_be_ignored(client, families, prompt):
    cloned = speak(client, prompt=prompt, instructions="excited")
    assert cloned.status_code == 422 and cloned.json()["code"] == "instructions-unsupported"
    designed = speak(client, description=DESCRIPTION, instructions="excited")
    assert designed.status_code == 422 and designed.json()["code"] == "instructions-unsupported"
    small = families(preset_model="Qwen/Qwen3-TTS-12Hz-0.6B-CustomVoice")
    assert small.get("/health").json()["families"]["custom_voice"]["instructions"] is False
    refused = speak(small, speaker="ryan", instructions="excited")
    assert refused.status_code == 422 and "1.7B" in refused.json()["detail"]
    assert speak(small, speaker="ryan").status_code == 200


@pytest.mark.parametrize("body, code, words", [
    ({"description": "   "}, "invalid-request", "description is empty"),
    ({"description": "x" * 501}, "invalid-request", "501 characters; the limit is 500"),
    ({"speaker": "ryan", "instructions": "y" * 501}, "invalid-request", "limit is 500"),
    ({"speaker": "ryan", "description": DESCRIPTION}, "invalid-request", "exactly one voice"),
])
def test_bad_descriptions_and_mixed_voices_are_refused(client, body, code, words):
    response = speak(client, **body)
    assert response.status_code == 422 and response.json()["code"] == code
    assert words in response.json()["detail"]


def test_a_designed_voice_streams_a_batch_and_differs_by_description_and_seed(client):
    response = client.post("/v1/synthesize", json={"text": ["One sentence here.", "And another."],
                                                   "description": DESCRIPTION, "seed": 1})
    frames = stream_frames(response)
    assert response.status_code == 200 and item_pcm(frames, 0) and item_pcm(frames, 1)
    first, again = speak(client, description=DESCRIPTION), speak(client, description=DESCRIPTION)
    assert first.content == again.content
    assert speak(client, description=DESCRIPTION, seed=6).content != first.content
    assert speak(client, description="A boy of ten, quick and cheeky.").content != first.content


def test_a_designed_clip_becomes_a_prompt_and_is_cloned(client):
    sample = "This is how I sound: calm, a little amused, and never in a hurry at all."
    designed = speak(client, description=DESCRIPTION, text=sample)
    prompt = client.post("/v1/prompts", json={"audio": b64(designed.content), "transcript": sample})
    assert prompt.status_code == 200, prompt.text
    cloned = speak(client, prompt=prompt.json()["prompt"], text="Now I say something new.")
    assert cloned.status_code == 200
    pcm = np.frombuffer(cloned.content[44:], dtype="<i2")
    assert np.abs(pcm).max() > 1000


def test_settings_read_the_family_models_from_the_environment():
    settings = Settings.from_env({"UTTER_DESIGN_MODEL": DESIGN, "UTTER_PRESET_MODEL": PRESET,
                                  "UTTER_MAX_INSTRUCTION_CHARS": "300"})
    assert (settings.design_model, settings.preset_model, settings.max_instruction_chars) == (DESIGN, PRESET, 300)
