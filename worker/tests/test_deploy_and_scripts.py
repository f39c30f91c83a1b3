"""The Modal app definition (built offline), the test client, the download and benchmark scripts."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest
import soundfile

from conftest import WORKER
from utter_worker.engines.fake import FakeEngine


def import_script(name: str):
    """Import worker/scripts/<name>.py as a module."""
    sys.modules.pop(name, None)
    sys.path.insert(0, str(WORKER / "scripts"))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(WORKER / "scripts"))


@pytest.fixture
def modal_app(monkeypatch):
    """Import worker/modal_app.py afresh with the given deploy-time environment; no Modal account is used."""
    pytest.importorskip("modal", reason="the Modal client is not installed (pip install -r requirements-modal.txt)")

    def load(**env):
        for key in [k for k in list(sys.modules) if k == "modal_app"]:
            del sys.modules[key]
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        monkeypatch.syspath_prepend(str(WORKER))
        return importlib.import_module("modal_app")
    return load


def test_modal_app_builds_offline(modal_app):
    module = modal_app()
    import modal
    assert module.app.name == "utter-tts-worker" and isinstance(module.Worker, modal.Cls)
    assert module.GPU == "L4" and module.CONTAINER_ENV["UTTER_MODEL"] == "Qwen/Qwen3-TTS-12Hz-0.6B-Base"
    assert module.CONTAINER_ENV["UTTER_ALLOW_DOWNLOAD"] == "0"


def test_modal_concurrency_matches_what_the_worker_decodes_at_once(modal_app, monkeypatch):
    import modal
    asked, concurrent = {}, modal.concurrent
    monkeypatch.setattr(modal, "concurrent", lambda **options: (asked.update(options), concurrent(**options))[1])
    assert modal_app().CONTAINER_ENV["UTTER_MAX_STREAMS"] == "16" and asked == {"target_inputs": 16,
                                                                              "max_inputs": 20}
    module = modal_app(UTTER_MAX_STREAMS="8", UTTER_MAX_QUEUE="2")
    assert asked == {"target_inputs": 8, "max_inputs": 10}
    assert module.CONTAINER_ENV["UTTER_MAX_STREAMS"] == "8" and module.CONTAINER_ENV["UTTER_MAX_QUEUE"] == "2"


def test_modal_gpu_follows_model_size_and_can_be_overridden(modal_app):
    assert modal_app(UTTER_MODEL_SIZE="1.7B").GPU == "A10G"
    module = modal_app(UTTER_MODEL_SIZE="1.7B", UTTER_MODAL_GPU="L40S", UTTER_MAX_BATCH="4",
                       UTTER_AUTH_TOKEN="not-in-the-image")
    assert module.GPU == "L40S" and module.CONTAINER_ENV["UTTER_MODEL"].endswith("1.7B-Base")
    assert module.CONTAINER_ENV["UTTER_MAX_BATCH"] == "4" and "UTTER_AUTH_TOKEN" not in module.CONTAINER_ENV
    designing = modal_app(UTTER_DESIGN_MODEL="Qwen/Qwen3-TTS-12Hz-1.7B-VoiceDesign")
    assert designing.CONTAINER_ENV["UTTER_DESIGN_MODEL"].endswith("VoiceDesign")  # reaches the container


def test_download_script_defines_its_modal_app(modal_app):
    modal_app()  # puts the worker folder on sys.path
    module = import_script("download_weights")
    assert module.repos("both") == ["Qwen/Qwen3-TTS-12Hz-0.6B-Base", "Qwen/Qwen3-TTS-12Hz-1.7B-Base",
                                    "Qwen/Qwen3-TTS-Tokenizer-12Hz", "Qwen/Qwen3-ASR-0.6B",
                                    "Qwen/Qwen3-ForcedAligner-0.6B"]
    assert module.repos("0.6B", listening=False) == ["Qwen/Qwen3-TTS-12Hz-0.6B-Base", "Qwen/Qwen3-TTS-Tokenizer-12Hz"]
    assert module.repos("0.6B", listening=False, design=True, presets="1.7B")[-2:] == [
        "Qwen/Qwen3-TTS-12Hz-1.7B-VoiceDesign", "Qwen/Qwen3-TTS-12Hz-1.7B-CustomVoice"]
    import modal
    assert module.app.name == "utter-tts-weights" and isinstance(module.download, modal.Function)
    with pytest.raises(SystemExit):
        module.repos("7B")
    with pytest.raises(SystemExit):
        module.repos("0.6B", presets="3B")


def test_download_list_only_on_an_empty_cache(tmp_path):
    pytest.importorskip("huggingface_hub", reason="huggingface_hub comes with the real engine")
    result = subprocess.run([sys.executable, str(WORKER / "scripts" / "download_weights.py"), "--models", "both",
                             "--list-only"], env={"HF_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "nothing cached yet" in result.stdout


def test_client_round_trip_writes_a_wav(live_server, tmp_path, capsys):
    client = import_script("client")
    out = tmp_path / "speech.wav"
    with live_server(FakeEngine(), auth_token="s3cret") as server:
        assert client.main(["--url", server.url, "--token", "s3cret", "--out", str(out), "--seed", "1"]) == 0
    info = soundfile.info(out)
    assert info.samplerate == 24000 and info.channels == 1 and info.subtype == "PCM_16" and info.duration > 1
    printed = capsys.readouterr().out
    assert "health:" in printed and "first audio after" in printed


def test_benchmark_help_needs_no_torch():
    result = subprocess.run([sys.executable, str(WORKER / "scripts" / "benchmark.py"), "--help"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and "time to first audio" in result.stdout
