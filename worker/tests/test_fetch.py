"""python -m utter_worker.fetch against a stand-in Hugging Face host (hub_standin.py) over real HTTP.

Each run is a child process with its own HF_HOME and HF_ENDPOINT, as the Java app will start it. The plan, the
progress lines up to done, a second run on a full cache, a download cut by a dropped connection and one killed
half way (both resumed with a Range request), errors for an unreachable host and a missing repository, and the
tiny random checkpoint loaded from the fetched snapshot through the worker's resolve_model (needs torch).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from conftest import WORKER
from hub_standin import HubStandIn

REPO = "Qwen/Stand-In-Model"
MB = 2**20
PIECE = 10 * MB  # huggingface_hub writes a download in pieces of this size (DOWNLOAD_CHUNK_SIZE)
BIG = "model.safetensors"
MISSING = [name for name in ("torch", "transformers", "qwen_tts") if importlib.util.find_spec(name) is None]
# Test by test (not the module), so a run of only this file reports skips and exits 0 rather than 5.
pytestmark = pytest.mark.skipif(importlib.util.find_spec("huggingface_hub") is None,
                                reason="needs huggingface_hub; install it with worker/scripts/install-real-engine.sh")


@pytest.fixture(scope="module")
def repo_dir(tmp_path_factory) -> Path:
    """A repository of random bytes: one file bigger than two pieces, smaller LFS files, small plain files."""
    root = tmp_path_factory.mktemp("repo")
    (root / "speech_tokenizer").mkdir()
    rng = random.Random(7)
    (root / BIG).write_bytes(rng.randbytes(25 * MB + 123))
    (root / "speech_tokenizer" / "model.safetensors").write_bytes(rng.randbytes(3 * MB))
    (root / "config.json").write_text(json.dumps({"model_type": "stand-in"}))
    (root / "speech_tokenizer" / "config.json").write_text("{}")
    (root / "tokenizer.json").write_text(json.dumps({"vocab": [f"t{i}" for i in range(20000)]}))
    return root


def run_fetch(url: str, hf_home: Path, *args: str, model: str = REPO, kill_when=None, timeout: float = 120):
    """Run the fetcher; return (exit code, [(seconds since start, event)], stderr). kill_when(event) -> SIGKILL."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HF_", "HUGGING"))}
    env.update(HF_HOME=str(hf_home), HF_ENDPOINT=url, PYTHONPATH=str(WORKER))
    stderr_path = hf_home.parent / f"{hf_home.name}-stderr.txt"
    with stderr_path.open("w") as stderr:
        start = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "utter_worker.fetch", "--model", model, *args], cwd=WORKER,
                                env=env, stdout=subprocess.PIPE, stderr=stderr, text=True)
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        events = []
        try:
            for line in proc.stdout:
                events.append((time.monotonic() - start, json.loads(line)))  # every stdout line is one JSON object
                if kill_when and kill_when(events[-1][1]):
                    proc.send_signal(signal.SIGKILL)
            code = proc.wait()
        finally:
            timer.cancel()
    return code, events, stderr_path.read_text()


def only(events, kind):
    return [event for _, event in events if event["event"] == kind]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_same_files(snapshot: Path, repo_dir: Path):
    served = sorted(p.relative_to(repo_dir).as_posix() for p in repo_dir.rglob("*") if p.is_file())
    fetched = sorted(p.relative_to(snapshot).as_posix() for p in snapshot.rglob("*") if p.is_file())
    assert fetched == served
    for name in served:
        assert sha256(snapshot / name) == sha256(repo_dir / name), name


def blob_gets(hub: HubStandIn, name: str) -> list[str | None]:
    """The Range header of each GET of `name`'s bytes (LFS files come from the stand-in's /cdn/ address)."""
    f = hub.files[name]
    paths = {f"/cdn/{f.sha256}", f"/{hub.repo}/resolve/{hub.sha}/{name}"}
    return [rng for path, rng in hub.file_gets() if path in paths]


def test_plan_reports_the_revision_size_and_files(repo_dir, tmp_path):
    with HubStandIn(repo_dir, REPO) as hub:
        code, events, _ = run_fetch(hub.url, tmp_path / "hf", "--plan")
        assert not hub.file_gets() and not [r for r in hub.requests if r[0] == "HEAD"]
    files = [p for p in repo_dir.rglob("*") if p.is_file()]
    assert code == 0
    assert [e for _, e in events] == [{"event": "plan", "model": REPO, "revision": hub.sha, "files": len(files),
                                       "bytes": sum(p.stat().st_size for p in files), "cached_bytes": 0}]


def test_download_reports_progress_up_to_done_and_a_second_run_downloads_nothing(repo_dir, tmp_path):
    hf_home = tmp_path / "hf"
    with HubStandIn(repo_dir, REPO, rate=12 * MB) as hub:  # about 2.5 s, so several progress lines
        code, events, stderr = run_fetch(hub.url, hf_home)
        assert code == 0, stderr
        progress, done = only(events, "progress"), events[-1][1]
        total = sum(f.size for f in hub.files.values())
        assert done == {"event": "done", "revision": hub.sha,
                        "path": str(hf_home / "hub" / "models--Qwen--Stand-In-Model" / "snapshots" / hub.sha)}
        assert_same_files(Path(done["path"]), repo_dir)
        sizes = [p["bytes"] for p in progress]
        assert sizes == sorted(sizes) and sizes[-1] == total and any(0 < size < total for size in sizes)
        assert {p["total"] for p in progress} == {total} and {p["files"] for p in progress} == {len(hub.files)}
        assert progress[-1]["files_done"] == len(hub.files)
        assert any(p["bytes_per_second"] > 0 and p["eta_seconds"] is not None for p in progress[:-1])
        stamps = [t for t, e in events if e["event"] == "progress"]  # when the lines arrived here
        assert len(stamps) - 1 <= (stamps[-1] - stamps[0]) / 0.5 + 1, stamps  # at most twice a second

        hub.requests.clear()
        started = time.monotonic()
        code, events, stderr = run_fetch(hub.url, hf_home)
        assert code == 0, stderr
        assert time.monotonic() - started < 10
        assert events[-1][1] == done and only(events, "progress")[-1]["bytes"] == total
        assert [method for method, _, _ in hub.requests] == ["GET", "GET"]  # model info (ours, snapshot_download's)
        assert not hub.file_gets()
        code, events, _ = run_fetch(hub.url, hf_home, "--plan")
        assert events[0][1]["cached_bytes"] == total


def test_a_dropped_connection_fails_and_the_next_run_resumes_the_file(repo_dir, tmp_path):
    hf_home = tmp_path / "hf"
    with HubStandIn(repo_dir, REPO) as hub:
        hub.drop_after(BIG, 15 * MB)
        code, events, stderr = run_fetch(hub.url, hf_home)
        assert code == 1, stderr
        assert events[-1][1] == {"event": "error", "message": f"The connection to {hub.url} broke during the "
                                                                "download: run again to continue where it stopped."}
        assert blob_gets(hub, BIG) == [None]
        partial = hf_home / "hub" / "models--Qwen--Stand-In-Model" / "blobs" / f"{hub.files[BIG].sha256}.incomplete"
        assert partial.stat().st_size == PIECE  # the last whole piece before the drop; the 5 MB after it are lost
        total = sum(f.size for f in hub.files.values())
        code, events, _ = run_fetch(hub.url, hf_home, "--plan")
        assert events[0][1]["cached_bytes"] == total - hub.files[BIG].size + PIECE

        hub.requests.clear()
        code, events, stderr = run_fetch(hub.url, hf_home)
        assert code == 0, stderr
        assert only(events, "progress")[0]["bytes"] == total - hub.files[BIG].size + PIECE
        assert blob_gets(hub, BIG) == [f"bytes={PIECE}-"]  # resumed, not restarted
        assert len(hub.file_gets()) == 1  # the files finished before were not fetched again
        assert_same_files(Path(events[-1][1]["path"]), repo_dir)


def test_a_killed_download_resumes_on_the_next_run(repo_dir, tmp_path):
    hf_home = tmp_path / "hf"
    with HubStandIn(repo_dir, REPO, rate=8 * MB) as hub:
        big = hub.files[BIG].size
        code, events, _ = run_fetch(hub.url, hf_home, kill_when=lambda e: e.get("bytes", 0) >= PIECE)
        assert code == -signal.SIGKILL and events[-1][1]["event"] == "progress"
        hub.rate, kept = None, events[-1][1]["bytes"]
        hub.requests.clear()
        code, events, stderr = run_fetch(hub.url, hf_home)
        assert code == 0, stderr
        ranges = blob_gets(hub, BIG)
        assert ranges and ranges[0] is not None and ranges[0].startswith("bytes=")  # resumed
        resumed_at = int(ranges[0].removeprefix("bytes=").rstrip("-"))
        assert resumed_at % PIECE == 0 and 0 < resumed_at < big
        assert only(events, "progress")[0]["bytes"] >= kept
        assert_same_files(Path(events[-1][1]["path"]), repo_dir)


def test_the_stand_in_runs_as_a_script_for_the_java_tests(repo_dir, tmp_path):
    server = subprocess.Popen([sys.executable, str(WORKER / "tests" / "hub_standin.py"), "--root", str(repo_dir),
                               "--repo", REPO, "--port", "0"], stdout=subprocess.PIPE, text=True)
    try:
        url = server.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        code, events, _ = run_fetch(url, tmp_path / "hf", "--plan")
        assert code == 0 and events[0][1]["bytes"] == sum(p.stat().st_size for p in repo_dir.rglob("*") if p.is_file())
    finally:
        server.kill()
        server.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("case", ["unreachable host", "missing repository"])
def test_errors_are_one_plain_sentence_and_exit_1(repo_dir, tmp_path, case):
    with HubStandIn(repo_dir, REPO) as hub:
        if case == "unreachable host":
            url = f"http://127.0.0.1:{free_port()}"
            code, events, stderr = run_fetch(url, tmp_path / "hf")
            expected = f"Could not reach {url}: check the network connection and proxy settings, then run again."
        else:
            code, events, stderr = run_fetch(hub.url, tmp_path / "hf", model="Qwen/No-Such-Model")
            expected = f"{hub.url} has no model named Qwen/No-Such-Model (or it is private): check the model name."
    assert code == 1
    assert [e for _, e in events] == [{"event": "error", "message": expected}]
    assert "Traceback" not in stderr


def test_a_full_disk_is_explained():
    import errno

    from utter_worker.fetch import NotEnoughSpace, explain
    full = OSError(errno.ENOSPC, "No space left on device")
    assert explain(full, REPO).startswith("The disk holding ") and "is full: free some space" in explain(full, REPO)
    short = NotEnoughSpace("Qwen/X needs 1.8 GB more in /cache but only 0.2 GB is free there: free some space.")
    assert explain(short, REPO) == str(short)


@pytest.mark.real_engine
@pytest.mark.skipif(bool(MISSING), reason=f"needs {', '.join(MISSING)}; install them with "
                                          "worker/scripts/install-real-engine.sh")
def test_the_fetched_tiny_checkpoint_loads_through_resolve_model(tmp_path):
    from utter_worker.random_model import write_random_checkpoint
    checkpoint = write_random_checkpoint(tmp_path / "checkpoint", "tiny")
    hf_home = tmp_path / "hf"
    with HubStandIn(checkpoint, REPO) as hub:
        code, events, stderr = run_fetch(hub.url, hf_home)
        assert code == 0, stderr
    load = ("import json, torch; from qwen_tts import Qwen3TTSModel; from utter_worker.config import Settings; "
            "from utter_worker.engines.qwen import resolve_model; "
            "path, model_id, revision = resolve_model(Settings.from_env()); "
            "tts = Qwen3TTSModel.from_pretrained(path, device_map='cpu', dtype=torch.float32); "
            "print(json.dumps([path, model_id, revision, tts.model.tts_model_size]))")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("HF_", "HUGGING", "UTTER_"))}
    env.update(HF_HOME=str(hf_home), HF_HUB_OFFLINE="1", UTTER_MODEL=REPO, UTTER_ALLOW_DOWNLOAD="0",
               PYTHONPATH=str(WORKER))
    result = subprocess.run([sys.executable, "-c", load], cwd=WORKER, env=env, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    path, model_id, revision, size = json.loads(result.stdout.strip().splitlines()[-1])
    assert (path, model_id, revision) == (events[-1][1]["path"], REPO, hub.sha)
    assert size  # a loaded Qwen3-TTS model
