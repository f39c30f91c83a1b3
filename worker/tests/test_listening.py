"""Transcriptions and alignments over the fake listener (no torch): every route, every bad input, the fixture clips
as Utter prepares them, the fake engine's own speech heard back, and the fake engine's two test switches."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import threading
import time

import httpx
import numpy as np
import pytest
import soundfile
from fastapi.testclient import TestClient

from conftest import AUDIO, TRANSCRIPTS, WORKER, b64, clip, reference, wav_of
from utter_worker.app import create_app
from utter_worker.config import Settings
from utter_worker.engines import load_engine
from utter_worker.engines.fake import FakeEngine
from utter_worker.listening import Transcript, Word, load_listener, utter_language
from utter_worker.listening.fake import FakeListener, units
from utter_worker.listening.fixtures import table
from utter_worker.listening.spoken import SpokenAudio, garbled

README_ROWS = table(AUDIO / "README.md")


def fixture_rows() -> list[tuple[str, str, str]]:
    """(file, transcript, language) of each clip in the fixtures README that libsndfile reads."""
    said = {}
    rows = []
    for row in README_ROWS:
        name, text = row["file"], row["what is said"]
        stem = name.rsplit(".", 1)[0]
        text = said[stem] if text.lower().startswith("the same clip") else said.setdefault(stem, text)
        if not name.endswith((".m4a", ".webm")):
            rows.append((name, text, row["language"]))
    return rows


def as_utter_keeps_it(data: bytes, gain_db: float = 0.0) -> bytes:
    """What Utter makes of an upload (its SpeechNormalizer): mono, 24 kHz, the quiet before and after the speech
    trimmed to 150 ms, loudness set to -20 dBFS RMS (peaks at most -1 dBFS), 16-bit WAV; then `gain_db` more."""
    audio, rate = soundfile.read(io.BytesIO(data), dtype="float64", always_2d=True)
    audio = audio.mean(axis=1)
    times = np.arange(int(len(audio) * 24000 / rate)) / 24000
    audio = np.interp(times, np.arange(len(audio)) / rate, audio)
    window = 240
    levels = np.array([10 * np.log10(np.mean(audio[i:i + window] ** 2) + 1e-20)
                       for i in range(0, len(audio), window)])
    ordered = np.sort(levels)
    threshold = min(max(ordered[len(ordered) // 20] + 10, -60), ordered[len(ordered) * 19 // 20] - 10)
    loud = np.nonzero(levels > threshold)[0]
    audio = audio[max(0, loud[0] * window - 3600):(loud[-1] + 1) * window + 3600]
    gain = min(10 ** (-20 / 20) / np.sqrt(np.mean(audio ** 2)), 10 ** (-1 / 20) / np.abs(audio).max())
    return wav_of(np.clip(audio * gain * 10 ** (gain_db / 20), -1, 1), 24000)


def noise(seconds: float, seed: int = 0) -> bytes:
    return wav_of(0.1 * np.random.default_rng(seed).standard_normal(int(seconds * 24000)), 24000)


@pytest.fixture
def listening(make_client):
    """A client over the fake engine with the fake listener, as UTTER_ENGINE=fake serves them; its engine too."""
    def make(engine: FakeEngine | None = None, **settings) -> TestClient:
        return TestClient(create_app(engine or FakeEngine(), Settings(engine="fake", **settings),
                                     listener=load_listener(Settings(engine="fake", **settings))),
                          raise_server_exceptions=False)
    return make


@pytest.fixture
def client(listening) -> TestClient:
    return listening()


def transcribe(client, audio: bytes, **body):
    return client.post("/v1/transcriptions", json={"audio": b64(audio), **body})


def align(client, audio: bytes, text: str, language: str = "English", **body):
    return client.post("/v1/alignments", json={"audio": b64(audio), "text": text, "language": language, **body})


def speak(client, text: str, language: str = "English", **body) -> bytes:
    """The fake engine's speech for a text, as one 16-bit WAV (what Utter sends back to be heard)."""
    prompt = client.post("/v1/prompts", json=reference()).json()["prompt"]
    response = client.post("/v1/synthesize", headers={"Accept": "audio/wav"},
                           json={"text": text, "language": language, "prompt": prompt, "seed": 7, **body})
    assert response.status_code == 200, response.text
    return response.content


def problem(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == code
    return body


# health


def test_health_says_the_worker_listens(client):
    body = client.get("/health").json()
    assert body["capabilities"]["transcription"] is True and body["capabilities"]["alignment"] is True
    listening = body["listening"]
    assert listening["asr_model"] and listening["aligner_model"]
    assert {"English", "Chinese", "Cantonese", "Arabic"} <= set(listening["languages"])
    assert len(listening["languages"]) == 30 and "Auto" not in listening["languages"]
    assert set(listening["alignment_languages"]) == set(body["languages"]) - {"Auto"} | {"Cantonese"}
    assert body["limits"]["max_transcription_seconds"] == 300.0 and body["limits"]["max_alignment_seconds"] == 180.0


def test_listening_off_answers_not_implemented(listening):
    client = listening(listen=False)
    body = client.get("/health").json()
    assert body["capabilities"]["transcription"] is False and body["capabilities"]["alignment"] is False
    assert "listening" not in body and body["limits"]["max_transcription_seconds"] == 300.0
    problem(transcribe(client, clip("nature-en.wav")), 501, "not-implemented")
    problem(align(client, clip("nature-en.wav"), "Some call me nature."), 501, "not-implemented")
    # Refused before the body is looked at: even a request that is wrong in itself learns that first.
    problem(client.post("/v1/transcriptions", json={"audio": "not base64", "extra": 1}), 501, "not-implemented")


def test_settings_switch_listening_and_its_models():
    assert Settings.from_env({}).listen is True
    assert Settings.from_env({"UTTER_LISTEN": "0"}).listen is False
    assert Settings().listening_models() == ("Qwen/Qwen3-ASR-0.6B", "Qwen/Qwen3-ForcedAligner-0.6B")
    assert Settings(model="random:tiny").listening_models() == (None, None)
    assert Settings(model="random:tiny", asr_model="random:tiny").listening_models() == ("random:tiny", "random:tiny")
    assert Settings(asr_model="/models/asr", aligner_model="none").listening_models() == ("/models/asr", None)
    env = Settings.from_env({"UTTER_ASR_MODEL": "random:0.6B", "UTTER_MAX_TRANSCRIPTION_SECONDS": "60",
                             "UTTER_MAX_ALIGNMENT_SECONDS": "30", "UTTER_FAKE_RUNAWAY": "@run",
                             "UTTER_FAKE_GARBLE": "@garble"})
    assert (env.asr_model, env.max_transcription_seconds, env.max_alignment_seconds) == ("random:0.6B", 60.0, 30.0)
    engine = load_engine(Settings(engine="fake", fake_runaway="@run", fake_garble="@garble"))
    assert (engine.runaway_marker, engine.garble_marker) == ("@run", "@garble")
    assert load_listener(Settings(engine="fake", listen=False)) is None


# the fixture clips


def test_the_readme_table_is_read_as_written():
    rows = {name: (text, language) for name, text, language in fixture_rows()}
    for name, transcript in TRANSCRIPTS.items():
        assert rows[name][0] == transcript
    assert rows["taiyi-zh.wav"][1] == "Chinese" and rows["LJ001-0001.mp3"][0] == TRANSCRIPTS["LJ001-0001.wav"]


@pytest.mark.parametrize("name,transcript,language", fixture_rows(), ids=[row[0] for row in fixture_rows()])
def test_each_fixture_clip_is_heard_after_utter_prepared_it(client, name, transcript, language):
    for gain_db in (0.0, -15.0):
        response = transcribe(client, as_utter_keeps_it(clip(name), gain_db))
        assert response.status_code == 200, response.text
        body = response.json()
        assert (body["text"], body["language"], body["detected"], body["words"]) == (transcript, language, language,
                                                                                   None)


def test_a_fixture_clip_is_heard_as_uploaded_too(client):
    body = transcribe(client, clip("LJ001-0001.flac")).json()
    assert body["text"] == TRANSCRIPTS["LJ001-0001.wav"] and body["duration"] == pytest.approx(9.66, abs=0.01)


def test_the_chinese_clip_is_heard_in_chinese_with_a_unit_per_character(client):
    body = transcribe(client, as_utter_keeps_it(clip("taiyi-zh.wav")), word_timings=True).json()
    assert body["text"] == TRANSCRIPTS["taiyi-zh.wav"] and body["language"] == body["detected"] == "Chinese"
    assert "".join(word["text"] for word in body["words"]) == "对这就是我万人敬仰的太乙真人"


def test_a_part_of_a_clip_or_other_sounds_are_not_heard(client):
    speech, rate = soundfile.read(AUDIO / "LJ001-0001.wav", dtype="float32")
    for audio in (wav_of(speech[: rate * 3], rate), noise(4), wav_of(np.tile(speech, 3), rate)):
        body = transcribe(client, audio, word_timings=True).json()
        assert (body["text"], body["language"], body["detected"], body["words"]) == ("", None, None, None)


def test_auto_and_a_forced_language(client):
    audio = as_utter_keeps_it(clip("nature-en.wav"))
    assert transcribe(client, audio, language="Auto").json()["detected"] == "English"
    assert transcribe(client, audio, language=None).json()["detected"] == "English"
    body = transcribe(client, audio, language="german").json()
    assert (body["language"], body["detected"]) == ("German", "German")  # a forced language is what comes back
    body = transcribe(client, audio, language="Cantonese").json()
    assert (body["language"], body["detected"]) == ("unsupported", "Cantonese")


# languages Utter does not have


def test_detected_languages_map_to_utters():
    assert utter_language("English") == "English" and utter_language("chinese") == "Chinese"
    assert utter_language("Cantonese") == utter_language("Arabic") == "unsupported"
    assert utter_language("") is None and utter_language(None) is None


class Hears:
    """A listener that hears one fixed transcript, and notes the thread it was asked on."""
    asr_model, aligner_model = "stub/asr", None
    languages = ("English", "Cantonese")
    alignment_languages = ()

    def __init__(self, heard: Transcript):
        self.heard = heard
        self.threads: list[str] = []

    def transcribe(self, audio, sample_rate, language, word_timings):
        self.threads.append(threading.current_thread().name)
        return self.heard

    def align(self, audio, sample_rate, text, language):
        raise AssertionError("no aligner")


def test_a_language_utter_does_not_speak_is_unsupported():
    listener = Hears(Transcript("nei hou", "Cantonese"))
    client = TestClient(create_app(FakeEngine(), Settings(engine="fake"), listener=listener))
    body = transcribe(client, noise(1), word_timings=True).json()
    assert (body["text"], body["language"], body["detected"], body["words"]) == ("nei hou", "unsupported",
                                                                               "Cantonese", None)
    assert listener.threads == ["decoder"]  # on the scheduler's decoding thread, where the GPU is used
    health = client.get("/health").json()
    assert health["capabilities"] == health["capabilities"] | {"transcription": True, "alignment": False}
    assert health["listening"]["aligner_model"] is None and health["listening"]["alignment_languages"] == []
    problem(align(client, noise(1), "nei hou", "Cantonese"), 501, "not-implemented")


def test_word_times_are_kept_within_the_clip():
    listener = Hears(Transcript("late", "English", [Word("late", -0.5, 0.2), Word("later", 0.9, 7.0)]))
    client = TestClient(create_app(FakeEngine(), Settings(engine="fake"), listener=listener))
    body = transcribe(client, noise(1.5)).json()
    assert body["words"] == [{"text": "late", "start": 0.0, "end": 0.2}, {"text": "later", "start": 0.9, "end": 1.5}]


# word timings and alignment


def test_word_timings_spread_over_the_speech(client):
    audio = as_utter_keeps_it(clip("nature-en.wav"))
    body = transcribe(client, audio, word_timings=True).json()
    words = body["words"]
    assert [w["text"] for w in words] == ["Some", "call", "me", "nature", "others", "call", "me", "mother", "nature"]
    assert all(0 <= w["start"] < w["end"] <= body["duration"] for w in words)
    assert all(a["end"] == pytest.approx(b["start"], abs=0.002) for a, b in zip(words, words[1:]))
    assert words[0]["start"] == pytest.approx(0.15, abs=0.1)  # the 150 ms Utter keeps before the speech
    assert transcribe(client, audio, word_timings=False).json()["words"] is None


def test_alignment_of_a_text(client):
    audio = as_utter_keeps_it(clip("LJ001-0002.wav"))
    body = align(client, audio, "In being, comparatively  modern!").json()
    assert [w["text"] for w in body["words"]] == ["In", "being", "comparatively", "modern"]
    assert body["duration"] == pytest.approx(len(soundfile.read(io.BytesIO(audio))[0]) / 24000, abs=0.001)
    assert all(0 <= w["start"] < w["end"] <= body["duration"] for w in body["words"])
    chinese = align(client, as_utter_keeps_it(clip("taiyi-zh.wav")), "对，这就是我。", "chinese").json()
    assert [w["text"] for w in chinese["words"]] == ["对", "这", "就", "是", "我"]
    # Any text is aligned, said or not: the aligner is told what is said.
    assert len(align(client, noise(2), "words nobody said", "English").json()["words"]) == 3


def test_units_follow_the_real_aligner():
    assert units("Don't stop, it's 9 o'clock!", "English") == ["Don't", "stop", "it's", "9", "o'clock"]
    assert units("今日は、良い天気。", "Japanese") == ["今", "日", "は", "良", "い", "天", "気"]
    assert units("  ...  ", "English") == [] and units("안녕 하세요", "Korean") == ["안녕", "하세요"]


# the fake engine's own speech


def test_the_fake_engines_speech_is_heard_as_spoken(client):
    text = "The fake engine says exactly this."
    body = transcribe(client, speak(client, text), word_timings=True).json()
    assert (body["text"], body["language"], body["detected"]) == (text, "English", "English")
    assert [w["text"] for w in body["words"]] == ["The", "fake", "engine", "says", "exactly", "this"]
    body = transcribe(client, speak(client, "Guten Tag.", language="German")).json()
    assert (body["text"], body["language"]) == ("Guten Tag.", "German")


def test_auto_speech_is_heard_in_the_language_its_script_says(client):
    for text, language in (("你好，世界。", "Chinese"), ("こんにちは", "Japanese"), ("안녕하세요", "Korean"),
                           ("Привет", "Russian"), ("Hello", "English")):
        body = transcribe(client, speak(client, text, language="Auto")).json()
        assert (body["text"], body["language"]) == (text, language)


def test_joined_parts_are_heard_as_their_texts(client):
    first, second = speak(client, "First part."), speak(client, "Second part.")
    pcm = [np.frombuffer(wav[44:], dtype="<i2") for wav in (first, second)]
    joined = wav_of(np.concatenate(pcm).astype(np.float32) / 32768, 24000)
    assert transcribe(client, joined).json()["text"] == "First part. Second part."
    cut = wav_of(pcm[0][:-1920].astype(np.float32) / 32768, 24000)  # not all of what was said
    assert transcribe(client, cut).json()["text"] == ""


def test_the_registry_keeps_only_recent_clips():
    spoken = SpokenAudio(max_clips=2)
    clips = [np.arange(1000, dtype=np.int16) + i for i in range(3)]
    for i, pcm in enumerate(clips):
        spoken.note(pcm, f"text {i}", "English")
    assert spoken.heard(clips[0]) is None and spoken.heard(clips[2])[0].text == "text 2"
    spoken.note(clips[2], "said again", "English")
    assert [c.text for c in spoken.heard(np.concatenate([clips[1], clips[2]]))] == ["text 1", "said again"]


# the test switches


def test_runaway_switch_makes_the_first_marked_text_six_times_too_long(listening):
    client = listening(engine=FakeEngine(runaway_marker="[runaway]"))

    def frames(text, **body):
        return len(speak(client, text, **body)[44:]) // 2 // 1920

    assert frames("Plain text [runaway", max_new_tokens=500) == 2 + 19
    assert frames("Plain text [runaway]", max_new_tokens=500) == 6 * (2 + 20)
    assert frames("Plain text [runaway]", max_new_tokens=500) == 2 + 20  # once only
    client = listening(engine=FakeEngine(runaway_marker="[runaway]"))
    assert frames("Plain text [runaway]") == 50 + 4 * 20  # as a real model, stopped by the default cap


def test_garble_switch_makes_the_first_marked_text_heard_garbled(listening):
    client = listening(engine=FakeEngine(garble_marker="#g"))
    text = "Say this clearly #g"
    heard = transcribe(client, speak(client, text)).json()["text"]
    assert heard == garbled(text) == "g# ylraelc siht yaS" and heard != text
    assert transcribe(client, speak(client, text, seed=8)).json()["text"] == text  # once only


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_switches_are_set_by_environment_for_a_worker_process(tmp_path):
    port = free_port()
    env = {**os.environ, "UTTER_ENGINE": "fake", "UTTER_FAKE_RUNAWAY": "@run", "UTTER_FAKE_GARBLE": "@garble"}
    worker = subprocess.Popen([sys.executable, "-m", "utter_worker", "--port", str(port), "--log-level", "warning"],
                              cwd=WORKER, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 30
        while True:
            try:
                assert httpx.get(url + "/health").json()["capabilities"]["transcription"] is True
                break
            except httpx.TransportError:
                assert worker.poll() is None and time.time() < deadline, worker.stderr.read().decode()[-2000:]
                time.sleep(0.1)
        with httpx.Client(base_url=url, timeout=30) as http:
            first, again = speak(http, "Run @run"), speak(http, "Run @run")
            assert len(first) - 44 == 6 * (len(again) - 44)
            heard = [transcribe(http, speak(http, "Mumble @garble", seed=s)).json()["text"] for s in (1, 2)]
            assert heard == [garbled("Mumble @garble"), "Mumble @garble"]
    finally:
        worker.terminate()
        worker.wait(10)


# bad input


def test_bad_audio_is_refused(client):
    for send in (transcribe, lambda c, audio: align(c, audio, "Hello")):
        problem(client.post("/v1/transcriptions", json={"audio": "%%%"}), 422, "invalid-audio")
        problem(send(client, b"RIFF not really a wav"), 422, "invalid-audio")
        problem(send(client, clip("LJ001-0003.m4a")), 422, "invalid-audio")
        problem(send(client, wav_of(np.zeros(24000), 24000)), 422, "invalid-audio")  # silent
        short = problem(send(client, wav_of(0.1 * np.ones(1200), 24000)), 422, "audio-too-short")
        assert short["min_seconds"] == 0.1 and short["seconds"] == 0.05
    assert transcribe(client, noise(0.1)).status_code == 200 and align(client, noise(0.1), "Hi").status_code == 200


def test_audio_longer_than_the_limits_is_refused(listening):
    client = listening(max_transcription_seconds=6, max_alignment_seconds=2)
    too_long = problem(transcribe(client, clip("taiyi-zh.wav")), 422, "audio-too-long")
    assert too_long["max_seconds"] == 6 and too_long["seconds"] == pytest.approx(6.76, abs=0.01)
    assert transcribe(client, clip("nature-en.wav")).status_code == 200
    assert problem(align(client, clip("nature-en.wav"), "Some call me nature."), 422,
                   "audio-too-long")["max_seconds"] == 2
    assert align(client, clip("LJ001-0002.wav"), "in being comparatively modern").status_code == 200


def test_languages_are_checked(client):
    audio = clip("nature-en.wav")
    refused = problem(transcribe(client, audio, language="Klingon"), 422, "unsupported-language")
    assert "Cantonese" in refused["supported"] and len(refused["supported"]) == 30
    problem(transcribe(client, audio, language=""), 422, "unsupported-language")
    refused = problem(align(client, audio, "Some call me nature.", "Arabic"), 422, "unsupported-language")
    assert "Arabic" not in refused["supported"] and "Cantonese" in refused["supported"]
    problem(align(client, audio, "Some call me nature.", "Auto"), 422, "unsupported-language")
    problem(client.post("/v1/alignments", json={"audio": b64(audio), "text": "Hi"}), 422, "invalid-request")


def test_texts_to_align_are_checked(listening):
    client = listening(max_text_chars=20)
    audio = clip("nature-en.wav")
    problem(align(client, audio, "  \n "), 422, "text-empty")
    assert problem(align(client, audio, "x" * 21), 422, "text-too-long")["limit"] == 20
    assert align(client, audio, "x" * 20).status_code == 200


def test_requests_are_strict(client):
    audio = b64(clip("nature-en.wav"))
    problem(client.post("/v1/transcriptions", json={"audio": audio, "context": "hot words"}), 422, "invalid-request")
    problem(client.post("/v1/transcriptions", json={"audio": audio, "word_timings": "sometimes"}), 422,
            "invalid-request")
    problem(client.post("/v1/transcriptions", json={}), 422, "invalid-request")
    problem(client.post("/v1/alignments", json={"audio": audio, "text": "Hi", "language": "English", "x": 1}), 422,
            "invalid-request")
    problem(client.post("/v1/transcriptions", content=b"{not json", headers={"Content-Type": "application/json"}),
            400, "malformed-request")


def test_the_token_is_checked(listening):
    client = listening(auth_token="s3cret")
    problem(transcribe(client, clip("nature-en.wav")), 401, "unauthorized")
    problem(align(client, clip("nature-en.wav"), "Some call me nature."), 401, "unauthorized")
    response = client.post("/v1/transcriptions", json={"audio": b64(clip("nature-en.wav"))},
                           headers={"Authorization": "Bearer s3cret"})
    assert response.status_code == 200 and response.json()["text"] == TRANSCRIPTS["nature-en.wav"]
