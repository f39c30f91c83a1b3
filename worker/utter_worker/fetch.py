"""Download a model's weights into the Hugging Face cache, reporting progress as JSON lines on stdout.

    python -m utter_worker.fetch --model Qwen/Qwen3-TTS-12Hz-0.6B-Base [--plan]

Run by the Java app before it first starts a local worker; HF_HOME and HF_ENDPOINT come from the environment.
--plan prints {"event": "plan", "model", "revision", "files", "bytes", "cached_bytes"} and downloads nothing.
Otherwise huggingface_hub's snapshot_download fetches the files while this prints, at most twice a second,
{"event": "progress", "bytes", "total", "files_done", "files", "bytes_per_second", "eta_seconds"}, and ends
with {"event": "done", "path", "revision"} (exit 0) or {"event": "error", "message"} (exit 1).

Progress is measured on disk, not inside huggingface_hub: the sizes of the revision's blobs in the cache (named
by the sha256 or git blob id the model info lists), `.incomplete` files included. huggingface_hub writes in
10 MB pieces, so the bytes grow in steps of up to 10 MB. A run stopped half way (killed, or the connection
dropped) leaves `.incomplete` files, and the next run resumes each with an HTTP Range request from its last
whole piece. Xet is off (HF_HUB_DISABLE_XET=1 unless set): the Hub serves the same files over plain HTTPS,
which resumes that way and grows `.incomplete` files as it goes.
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import shutil
import threading
import time
from collections import deque
from pathlib import Path

PERIOD = 0.5  # seconds between progress lines
RATE_WINDOW = 20.0  # seconds of history behind bytes_per_second (the bytes grow in steps of up to 10 MB)
_print_lock = threading.Lock()


def emit(event: str, **fields) -> None:
    with _print_lock:
        print(json.dumps({"event": event, **fields}), flush=True)


class NotEnoughSpace(Exception):
    pass


class Plan:
    """What one revision of a model holds, and how much of it is in the cache."""

    def __init__(self, model: str, info, cache_dir: str):
        self.model, self.revision, self.cache_dir = model, info.sha, cache_dir
        self.blobs = Path(cache_dir) / ("models--" + model.replace("/", "--")) / "blobs"
        # A file's blob in the cache is named by its ETag: the sha256 for LFS files, the git blob id otherwise.
        self.files = [(s.lfs.sha256, s.lfs.size) if s.lfs else (s.blob_id, s.size or 0) for s in info.siblings or []]
        self.total = sum(size for _, size in self.files)

    def on_disk(self) -> tuple[int, int]:
        """(bytes, whole files) of this revision in the cache; partial downloads count for what they hold."""
        done = whole = 0
        for name, size in self.files:
            if not name:
                continue
            try:
                if (self.blobs / name).is_file():
                    done, whole = done + size, whole + 1
                else:
                    done += min(os.path.getsize(self.blobs / f"{name}.incomplete"), size)
            except OSError:  # not started yet, or renamed to its blob just now
                pass
        return done, whole


def make_plan(model: str) -> Plan:
    from huggingface_hub import HfApi, constants
    return Plan(model, HfApi().model_info(model, files_metadata=True, timeout=30), constants.HF_HUB_CACHE)


def report(plan: Plan, stop: threading.Event) -> None:
    """Print a progress line now, then every PERIOD seconds, and a last one (if anything changed) after stop."""
    history: deque[tuple[float, int]] = deque()
    last, last_time = None, 0.0
    while True:
        stopping = last is not None and stop.wait(PERIOD)
        done, whole = plan.on_disk()
        if stopping and (done, whole) == last:
            return
        time.sleep(max(0.0, last_time + PERIOD - time.monotonic()))  # stop.wait returns early when stopped
        now = time.monotonic()
        history.append((now, done))
        while now - history[0][0] > RATE_WINDOW:
            history.popleft()
        rate = (done - history[0][1]) / (now - history[0][0]) if now > history[0][0] else 0.0
        emit("progress", bytes=done, total=plan.total, files_done=whole, files=len(plan.files),
             bytes_per_second=round(rate), eta_seconds=round((plan.total - done) / rate) if rate > 0 else None)
        last, last_time = (done, whole), now
        if stopping:
            return


def download(plan: Plan) -> str:
    from huggingface_hub import snapshot_download
    need, folder = plan.total - plan.on_disk()[0], Path(plan.cache_dir)
    while not folder.exists() and folder != folder.parent:  # the cache may not exist yet
        folder = folder.parent
    free = shutil.disk_usage(folder).free
    if need > free:
        raise NotEnoughSpace(f"{plan.model} needs {need / 1e9:.1f} GB more in {plan.cache_dir} but only "
                             f"{free / 1e9:.1f} GB is free there: free some space (or point HF_HOME at a larger "
                             "disk) and run again.")
    stop = threading.Event()
    reporter = threading.Thread(target=report, args=(plan, stop), name="progress", daemon=True)
    reporter.start()
    try:
        return snapshot_download(plan.model)  # the "main" revision, so refs/main is written for the worker
    finally:
        stop.set()
        reporter.join()


def explain(error: BaseException, model: str) -> str:
    """One sentence an admin can act on."""
    if isinstance(error, ImportError):
        return f"This Python lacks {error.name or 'huggingface_hub'}: run worker/scripts/install-real-engine.sh."
    import requests
    from huggingface_hub import constants
    from huggingface_hub.errors import (GatedRepoError, HfHubHTTPError, OfflineModeIsEnabled,
                                        RepositoryNotFoundError, RevisionNotFoundError)
    host, cache = constants.ENDPOINT, constants.HF_HUB_CACHE
    chain: list[BaseException] = []
    while error is not None and error not in chain:
        chain.append(error)
        error = error.__cause__ or error.__context__

    def find(*kinds):
        return next((e for e in chain if isinstance(e, kinds)), None)

    if found := find(NotEnoughSpace):
        return str(found)
    if find(GatedRepoError):
        return f"{model} is gated on {host}: accept its terms on the model's page and set HF_TOKEN for the worker."
    if find(RepositoryNotFoundError):
        return f"{host} has no model named {model} (or it is private): check the model name."
    if find(RevisionNotFoundError):
        return f"{host} has no such revision of {model}: check the model name."
    if find(OfflineModeIsEnabled) or constants.HF_HUB_OFFLINE:
        return f"Downloads are switched off (HF_HUB_OFFLINE is set): unset it to fetch {model}."
    if any(isinstance(e, OSError) and e.errno == errno.ENOSPC for e in chain):
        return f"The disk holding {cache} is full: free some space and run again (the download continues)."
    if find(PermissionError):
        return f"Cannot write to {cache}: make it writable, or point HF_HOME at a folder that is."
    if find(requests.exceptions.ChunkedEncodingError):
        return f"The connection to {host} broke during the download: run again to continue where it stopped."
    if find(requests.ConnectionError, requests.Timeout):
        return f"Could not reach {host}: check the network connection and proxy settings, then run again."
    if (found := find(HfHubHTTPError)) is not None and found.response is not None:
        return f"{host} answered HTTP {found.response.status_code} for {model}: try again later."
    first = str(chain[0]).strip().splitlines()
    return f"Downloading {model} failed ({type(chain[0]).__name__}: {first[0] if first else 'no details'})."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m utter_worker.fetch", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, help="Hugging Face repository id")
    parser.add_argument("--plan", action="store_true", help="print what would be downloaded, download nothing")
    args = parser.parse_args(argv)
    # Read by huggingface_hub when it is imported, hence here and the imports inside the functions.
    os.environ.setdefault("HF_HUB_DISABLE_XET", "1")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")  # stdout and stderr stay free of tqdm bars
    try:
        plan = make_plan(args.model)
        if args.plan:
            emit("plan", model=args.model, revision=plan.revision, files=len(plan.files), bytes=plan.total,
                 cached_bytes=plan.on_disk()[0])
        else:
            path = download(plan)
            emit("done", path=path, revision=Path(path).name)  # a snapshot folder is named by its commit
        return 0
    except Exception as error:
        emit("error", message=explain(error, args.model))
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
