"""Every route, auth and every bad input, over the fake engine."""

from __future__ import annotations

import base64
import io

import numpy as np
import pytest
import soundfile

from conftest import b64, clip, item_pcm, long_clip, reference, stream_frames, wav_of
from utter_worker import framing
from utter_worker.engines.fake import FakeEngine
from utter_worker.prompts import deserialize, serialize


def assert_problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["type"] == f"urn:utter:problem:{code}" and body["code"] == code
    assert body["status"] == status and body["title"] and body["detail"]
    return body


def speak(client, prompt, text="Hello there.", **extra):
    return client.post("/v1/synthesize", json={"text": text, "language": "English", "prompt": prompt, **extra})


# --- health -----------------------------------------------------------------------------------------------

def test_health_describes_model_engine_and_limits(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and body["protocol_version"] == 1 and body["prompt_format_version"] == 1
    assert body["engine"] == "fake" and body["model"]["id"] == "fake/utter-fake"
    assert {"device", "dtype", "attention", "sample_rate", "languages", "capabilities", "limits", "cache"} <= set(body)
    assert body["capabilities"] == {"streaming": True, "batching": True, "x_vector_only": True,
                                    "audio_formats": ["wav", "flac", "ogg", "mp3"],
                                    "stream_formats": [framing.MEDIA_TYPE, "text/event-stream", "audio/wav"],
                                    "voice_design": False, "preset_speakers": False,
                                    "transcription": False, "alignment": False}
    assert "listening" not in body  # this client's worker was started without a listener
    assert "English" in body["languages"] and "Auto" in body["languages"] and len(body["languages"]) == 11
    assert body["cache"] == {"capacity": 16, "entries": 0, "hits": 0, "misses": 0}
    assert body["auth"] == "none"


# --- auth -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("header", [None, "Bearer wrong", "Basic c2VjcmV0", "secret"])
def test_bearer_token_is_required_when_configured(make_client, header):
    client = make_client(auth_token="secret")
    headers = {"Authorization": header} if header else {}
    for path, body in (("/v1/prompts", reference()), ("/v1/synthesize", {"text": "x", "prompt": "AA=="})):
        response = client.post(path, json=body, headers=headers)
        assert_problem(response, 401, "unauthorized")
        assert response.headers["www-authenticate"] == 'Bearer realm="utter-worker"'


def test_right_token_is_accepted_and_health_stays_open(make_client):
    client = make_client(auth_token="secret")
    assert client.get("/health").json()["auth"] == "bearer"
    response = client.post("/v1/prompts", json=reference(), headers={"Authorization": "Bearer secret"})
    assert response.status_code == 200
    prompt = response.json()["prompt"]
    spoken = client.post("/v1/synthesize", json={"text": "Hi.", "prompt": prompt},
                         headers={"Authorization": "bearer secret"})
    assert spoken.status_code == 200


# --- prompts ----------------------------------------------------------------------------------------------

def test_prompt_is_compact_versioned_and_bound_to_the_model(client):
    response = client.post("/v1/prompts", json=reference())
    body = response.json()
    assert response.status_code == 200
    blob = base64.b64decode(body["prompt"])
    assert blob[:4] == b"UTVP" and blob[4] == 1 and body["format_version"] == 1
    assert body["bytes"] == len(blob) and body["model"] == "fake/utter-fake" and body["cached"] is False
    prompt = deserialize(blob)
    assert prompt.model == "fake/utter-fake" and prompt.transcript.startswith("Some call me nature")
    assert body["frames"] == prompt.frames == 67  # 5.33 s at 12.5 frames a second
    assert prompt.codes.shape == (67, 16) and not body["x_vector_only"]


def test_a_30_second_reference_gives_a_prompt_of_tens_of_kb(client):
    response = client.post("/v1/prompts", json={"audio": b64(long_clip(30)), "transcript": "Printing, ..."})
    body = response.json()
    assert body["frames"] == 375 and body["bytes"] < 40_000


def test_same_voice_twice_is_encoded_once(client, engine):
    first = client.post("/v1/prompts", json=reference()).json()
    second = client.post("/v1/prompts", json=reference()).json()
    assert engine.prompts_created == 1 and second["cached"] is True and first["prompt"] == second["prompt"]
    assert client.get("/health").json()["cache"]["hits"] >= 1


def test_x_vector_only_needs_no_transcript(client):
    body = client.post("/v1/prompts", json={"audio": b64(clip("apollo11-one-small-step.wav")),
                                            "x_vector_only": True}).json()
    assert body["x_vector_only"] is True and body["frames"] == 0
    assert deserialize(base64.b64decode(body["prompt"])).codes is None


@pytest.mark.parametrize("name", ["LJ001-0001.flac", "LJ001-0001.mp3", "nature-en.ogg", "taiyi-zh.wav"])
def test_other_containers_decode_too(client, name):
    response = client.post("/v1/prompts", json={"audio": b64(clip(name)), "transcript": "words"})
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("body, status, code", [
    ({"audio": b64(clip("nature-en.wav"))}, 422, "transcript-required"),
    ({"audio": b64(clip("nature-en.wav")), "transcript": "   "}, 422, "transcript-required"),
    (reference("LJ001-0002.wav"), 422, "audio-too-short"),
    ({"audio": b64(long_clip(65)), "transcript": "long"}, 422, "audio-too-long"),
    ({"audio": b64(b"RIFF nonsense, not audio" * 100), "transcript": "x"}, 422, "invalid-audio"),
    ({"audio": "not base64!!", "transcript": "x"}, 422, "invalid-audio"),
    ({"audio": b64(wav_of(np.zeros(24000 * 4, dtype=np.float32), 24000)), "transcript": "x"}, 422, "invalid-audio"),
    ({"audio": b64(clip("LJ001-0003.m4a")), "transcript": "x"}, 422, "invalid-audio"),
    ({"audio": b64(clip("nature-en.wav")), "transcript": "x" * 2001}, 422, "invalid-request"),
    ({"audio": b64(clip("nature-en.wav")), "transcript": "x", "speaker": "me"}, 422, "invalid-request"),
    ({"transcript": "x"}, 422, "invalid-request"),
])
def test_bad_references_are_refused_with_problem_details(client, body, status, code):
    assert_problem(client.post("/v1/prompts", json=body), status, code)


def test_durations_are_reported_with_the_problem(client):
    body = assert_problem(client.post("/v1/prompts", json=reference("LJ001-0002.wav")), 422, "audio-too-short")
    assert body["seconds"] == pytest.approx(1.9, abs=0.05) and body["min_seconds"] == 3.0


# --- synthesize: bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("change, status, code", [
    ({"text": ""}, 422, "text-empty"),
    ({"text": "  \n "}, 422, "text-empty"),
    ({"text": []}, 422, "text-empty"),
    ({"text": ["fine", ""]}, 422, "text-empty"),
    ({"text": "x" * 1001}, 422, "text-too-long"),
    ({"text": ["a"] * 9}, 422, "batch-too-large"),
    ({"language": "Klingon"}, 422, "unsupported-language"),
    ({"text": ["a", "b"], "language": ["English"] * 3}, 422, "invalid-request"),
    ({"max_new_tokens": 5000}, 422, "invalid-request"),
    ({"max_new_tokens": 0}, 422, "invalid-request"),
    ({"seed": -1}, 422, "invalid-request"),
    ({"sampling": {"temperature": 0}}, 422, "invalid-request"),
    ({"sampling": {"beam_width": 4}}, 422, "invalid-request"),
    ({"prompt": None}, 422, "invalid-request"),
    ({"prompt": "@@@"}, 422, "invalid-prompt"),
    ({"prompt": b64(b"PK\x03\x04 a zip file, not a prompt")}, 422, "invalid-prompt"),
])
def test_bad_synthesis_requests_are_refused(client, prompt, change, status, code):
    body = {"text": "Hello.", "language": "English", "prompt": prompt, **change}
    assert_problem(client.post("/v1/synthesize", json=body), status, code)


def test_too_long_text_names_the_item_and_limit(client, prompt):
    body = assert_problem(speak(client, prompt, text=["ok", "x" * 1200]), 422, "text-too-long")
    assert body["index"] == 1 and body["limit"] == 1000


def test_both_prompt_and_reference_is_refused(client, prompt):
    assert_problem(speak(client, prompt, reference=reference()), 422, "invalid-request")


def test_missing_transcript_in_inline_reference(client):
    body = {"text": "Hello.", "reference": {"audio": b64(clip("nature-en.wav"))}}
    assert_problem(client.post("/v1/synthesize", json=body), 422, "transcript-required")


def test_prompt_from_another_model_has_its_own_code(make_client):
    other = make_client(FakeEngine(model_id="fake/other-model"))
    prompt = other.post("/v1/prompts", json=reference()).json()["prompt"]
    body = assert_problem(speak(make_client(), prompt), 409, "prompt-model-mismatch")
    assert body["prompt_model"] == "fake/other-model" and body["worker_model"] == "fake/utter-fake"


def test_damaged_and_future_prompts(client, prompt):
    blob = bytearray(base64.b64decode(prompt))
    damaged = bytearray(blob)
    damaged[20] ^= 0xFF
    assert_problem(speak(client, b64(bytes(damaged))), 422, "invalid-prompt")
    blob[4] = 2
    body = assert_problem(speak(client, b64(bytes(blob))), 409, "prompt-version-unsupported")
    assert body["supported_versions"] == [1]


def test_malformed_json_and_oversized_body(make_client):
    client = make_client(max_body_bytes=1000)
    response = client.post("/v1/synthesize", content=b"{not json", headers={"Content-Type": "application/json"})
    assert_problem(response, 400, "malformed-request")
    assert_problem(client.post("/v1/prompts", json=reference()), 413, "payload-too-large")


def test_unknown_routes_and_methods_answer_with_problems(client):
    assert_problem(client.get("/v2/nothing"), 404, "not-found")
    assert_problem(client.get("/v1/synthesize"), 405, "method-not-allowed")


def test_wav_cannot_hold_a_batch(client, prompt):
    response = client.post("/v1/synthesize", json={"text": ["one", "two"], "prompt": prompt},
                           headers={"Accept": "audio/wav"})
    assert_problem(response, 406, "not-acceptable")


# --- synthesize: audio ------------------------------------------------------------------------------------

def test_stream_framing(client, prompt):
    response = speak(client, prompt, text="Hello there, this is a test.", seed=7)
    assert response.status_code == 200
    assert response.headers["content-type"] == framing.MEDIA_TYPE
    assert response.headers["x-utter-seed"] == "7" and response.headers["x-utter-sample-rate"] == "24000"
    frames = stream_frames(response)
    assert [f.type for f in frames[:1] + frames[-2:]] == [framing.START, framing.ITEM_DONE, framing.END]
    start = frames[0].json()
    assert start == {"protocol_version": 1, "sample_rate": 24000, "channels": 1, "sample_format": "s16le",
                     "items": 1, "seed": 7, "model": "fake/utter-fake", "engine": "fake"}
    audio = [f for f in frames if f.type == framing.AUDIO]
    assert len(audio) > 1 and all(len(f.payload) % 2 == 0 and f.item == 0 for f in audio)
    samples = sum(len(f.payload) for f in audio) // 2
    end = frames[-1].json()
    assert frames[-2].json() == {"samples": samples} and end | {"items": 1, "samples": samples} == end
    assert end.keys() == {"items", "samples", "elapsed_ms"} and 0 < end["elapsed_ms"] < 5000


def test_header_bytes_are_exactly_as_documented(client, prompt):
    raw = speak(client, prompt, seed=1).content
    assert raw[0:1] == b"S" and raw[1] == 0 and raw[2:4] == b"\x00\x00"
    length = int.from_bytes(raw[4:8], "big")
    assert raw[8:8 + length].startswith(b'{"protocol_version":1,')
    audio = raw[8 + length:]
    assert audio[0:1] == b"A" and audio[2:4] == b"\x00\x00"


def test_concatenated_chunks_equal_the_wav_response(client, prompt):
    frames = stream_frames(speak(client, prompt, text="The same words, twice.", seed=11))
    wav = client.post("/v1/synthesize", json={"text": "The same words, twice.", "language": "English",
                                              "prompt": prompt, "seed": 11}, headers={"Accept": "audio/wav"})
    assert wav.status_code == 200 and wav.headers["content-type"] == "audio/wav"
    samples, rate = soundfile.read(io.BytesIO(wav.content), dtype="int16")
    info = soundfile.info(io.BytesIO(wav.content))
    assert rate == 24000 and info.channels == 1 and info.subtype == "PCM_16"
    assert samples.tobytes() == item_pcm(frames, 0) and wav.content[44:] == item_pcm(frames, 0)


def test_batch_keeps_its_order(client, prompt):
    texts = ["A rather longer first sentence, to be sure.", "Short.", "一个中文句子。"]
    frames = stream_frames(client.post("/v1/synthesize", json={
        "text": texts, "language": ["English", "english", "Chinese"], "prompt": prompt, "seed": 5}))
    done = [f for f in frames if f.type == framing.ITEM_DONE]
    assert [f.item for f in done] == [0, 1, 2]
    order = [f.item for f in frames if f.type in (framing.AUDIO, framing.ITEM_DONE)]
    assert order == sorted(order)
    for index, (text, language) in enumerate(zip(texts, ["English", "English", "Chinese"])):
        alone = stream_frames(client.post("/v1/synthesize", json={"text": text, "language": language,
                                                                  "prompt": prompt, "seed": 5}))
        assert item_pcm(frames, index) == item_pcm(alone, 0)
        assert done[index].json()["samples"] == len(item_pcm(alone, 0)) // 2


def test_seed_reproduces_and_random_seed_is_reported(client, prompt):
    first = speak(client, prompt)
    seed = int(first.headers["x-utter-seed"])
    again = speak(client, prompt, seed=seed)
    other = speak(client, prompt, seed=(seed + 1) % 2**32)
    assert item_pcm(stream_frames(first), 0) == item_pcm(stream_frames(again), 0)
    assert item_pcm(stream_frames(first), 0) != item_pcm(stream_frames(other), 0)


def test_max_new_tokens_caps_the_audio(client, prompt):
    frames = stream_frames(speak(client, prompt, text="A long sentence that would run for a while.",
                                 max_new_tokens=3))
    assert len(item_pcm(frames, 0)) // 2 == 3 * 1920


def test_inline_reference_is_encoded_once(client, engine):
    body = {"text": "Fallback path.", "language": "English", "reference": reference()}
    assert client.post("/v1/synthesize", json=body).status_code == 200
    assert client.post("/v1/synthesize", json=body).status_code == 200
    assert client.post("/v1/prompts", json=reference()).json()["cached"] is True
    assert engine.prompts_created == 1


def test_stored_prompt_and_inline_reference_sound_the_same(client, prompt):
    by_prompt = speak(client, prompt, seed=3)
    inline = client.post("/v1/synthesize", json={"text": "Hello there.", "language": "English", "seed": 3,
                                                 "reference": reference()})
    assert item_pcm(stream_frames(by_prompt), 0) == item_pcm(stream_frames(inline), 0)


class FailingEngine(FakeEngine):
    """Fails in the decoding step that would begin chunk `fail_after_chunks`."""

    def __init__(self, fail_after_chunks: int):
        super().__init__(before_chunk=self.fail_at)
        self.fail_after = fail_after_chunks

    def fail_at(self, text, number):
        if number == self.fail_after:
            raise RuntimeError("CUDA error: out of memory")


def test_failure_before_audio_is_a_500_problem(make_client):
    client = make_client(FailingEngine(fail_after_chunks=0))
    prompt = client.post("/v1/prompts", json=reference()).json()["prompt"]
    body = assert_problem(speak(client, prompt), 500, "synthesis-failed")
    assert "CUDA" not in body["detail"]  # no internals leak


def test_failure_mid_stream_ends_with_an_error_frame(make_client):
    client = make_client(FailingEngine(fail_after_chunks=2))
    prompt = client.post("/v1/prompts", json=reference()).json()["prompt"]
    frames = stream_frames(speak(client, prompt, text="A sentence long enough for several chunks of audio."))
    assert [f.type for f in frames] == [framing.START, framing.AUDIO, framing.AUDIO, framing.ERROR]
    assert frames[-1].item == framing.NO_ITEM and frames[-1].json()["code"] == "synthesis-failed"


def test_prompt_serialization_round_trip(client, prompt):
    blob = base64.b64decode(prompt)
    assert serialize(deserialize(blob)) == blob
