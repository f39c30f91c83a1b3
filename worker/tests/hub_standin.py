"""A stand-in Hugging Face host: serves one folder as one model repository over real HTTP.

Enough of the Hub for huggingface_hub 0.36.2's `model_info(files_metadata=True)` and `snapshot_download`
(read from its file_download.py, _snapshot_download.py, hf_api.py and utils/_http.py, and checked by logging
what it asks for):

    GET  /api/models/{repo}[/revision/{rev}][?blobs=true]   JSON: sha, siblings (rfilename; with blobs: size,
                                                            blobId, lfs {sha256, size, pointerSize})
    HEAD /{repo}/resolve/{rev}/{path}   X-Repo-Commit, ETag, Content-Length; an LFS file answers 302 to its
                                        "CDN" address with X-Linked-Etag (its sha256) and X-Linked-Size, as the Hub does
    GET  /{repo}/resolve/{rev}/{path}   the file (the same 302 for LFS files; requests follows it)
    GET  /cdn/{sha256}                  an LFS file's bytes
    Every GET of a file honours `Range: bytes=a-` / `bytes=a-b` with 206 and Content-Range (416 past the end).

Errors carry the Hub's X-Error-Code header, which huggingface_hub turns into its exception types: an unknown
repository answers 401 RepoNotFound (what the Hub tells anonymous clients), an unknown revision 404
RevisionNotFound, a missing file 404 EntryNotFound. The commit sha is derived from the folder's contents.

`drop_after(path, n)` arms a one-time fault: the next GET of that file sends n bytes of the body and closes the
connection. `rate` (bytes per second) slows every body down so progress can be watched.

The standard library's ThreadingHTTPServer rather than FastAPI/uvicorn: no dependencies (the Java tests can run
it with any Python), and it writes straight to the socket, so a body can be cut after an exact number of bytes.

    with HubStandIn(folder, "Qwen/Some-Model") as hub:      # hub.url -> HF_ENDPOINT
    python worker/tests/hub_standin.py --root DIR --repo Qwen/Some-Model --port 0 [--rate B/s] [--drop-after PATH:N]
        (prints the URL as its first stdout line, then serves until killed)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import socket
import sys
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

LFS_SUFFIXES = {".safetensors", ".bin", ".pt", ".pth", ".ckpt", ".onnx", ".gguf", ".npz", ".h5", ".msgpack"}
LFS_MIN_SIZE = 10 * 1024 * 1024  # the Hub also stores any file over 10 MB in LFS
CHUNK = 64 * 1024


@dataclass
class RepoFile:
    path: Path
    size: int
    blob_id: str  # git blob sha1: the ETag of a regular file
    sha256: str | None  # set for LFS files: their ETag (X-Linked-Etag) and their blob name in the cache

    @property
    def etag(self) -> str:
        return self.sha256 or self.blob_id


def scan(root: Path) -> dict[str, RepoFile]:
    files = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        data = path.read_bytes()
        lfs = path.suffix in LFS_SUFFIXES or len(data) > LFS_MIN_SIZE
        files[path.relative_to(root).as_posix()] = RepoFile(
            path, len(data), hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest(),
            hashlib.sha256(data).hexdigest() if lfs else None)
    return files


class HubStandIn:
    """Serves `root` as model repository `repo` on 127.0.0.1; a context manager whose `.url` is the endpoint."""

    def __init__(self, root: str | Path, repo: str, port: int = 0, rate: float | None = None):
        self.root, self.repo, self.rate = Path(root), repo, rate
        self.files = scan(self.root)
        listing = "".join(f"{name} {f.etag}\n" for name, f in self.files.items())
        self.sha = hashlib.sha1(listing.encode()).hexdigest()
        self.requests: list[tuple[str, str, str | None]] = []  # (method, path, Range header)
        self._drops: dict[str, int] = {}
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _handler(self))
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, name="hub-standin", daemon=True)

    def __enter__(self) -> "HubStandIn":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()

    def drop_after(self, path: str, n: int) -> None:
        """The next GET of `path` sends `n` bytes of the body, then the connection is closed."""
        with self._lock:
            self._drops[path] = n

    def take_drop(self, path: str) -> int | None:
        with self._lock:
            return self._drops.pop(path, None)

    def file_gets(self) -> list[tuple[str, str | None]]:
        """(path, Range) of every GET that fetched file bytes."""
        return [(path, rng) for method, path, rng in self.requests
                if method == "GET" and ("/resolve/" in path or path.startswith("/cdn/"))]

    def model_info(self, blobs: bool) -> dict:
        siblings = []
        for name, f in self.files.items():
            sibling = {"rfilename": name}
            if blobs:
                sibling.update(size=f.size, blobId=f.blob_id)
                if f.sha256:
                    sibling["lfs"] = {"sha256": f.sha256, "size": f.size, "pointerSize": 134}
            siblings.append(sibling)
        return {"_id": hashlib.md5(self.repo.encode()).hexdigest()[:24], "id": self.repo, "modelId": self.repo,
                "author": self.repo.split("/")[0], "sha": self.sha, "lastModified": "2025-01-01T00:00:00.000Z",
                "private": False, "gated": False, "disabled": False, "downloads": 0, "likes": 0, "tags": [],
                "library_name": "transformers", "siblings": siblings}


def _handler(hub: HubStandIn):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as requests' sessions expect

        def log_message(self, format, *args):  # quiet; hub.requests is the log
            pass

        def do_HEAD(self):
            self.route(head=True)

        def do_GET(self):
            self.route(head=False)

        def route(self, head: bool):
            try:
                self.answer(head)
            except (BrokenPipeError, ConnectionResetError):  # the client went away (a test killed it)
                self.close_connection = True

        def answer(self, head: bool):
            url = urlsplit(self.path)
            path = unquote(url.path)
            hub.requests.append((self.command, path, self.headers.get("Range")))
            if m := re.fullmatch(r"/api/models/(.+?)(?:/revision/([^/]+))?", path):
                repo, rev = m.group(1), m.group(2) or "main"
                if self.known(repo, rev):
                    blobs = parse_qs(url.query).get("blobs", ["false"])[0].lower() == "true"
                    self.send_json(200, hub.model_info(blobs))
            elif m := re.fullmatch(r"/([^/]+/[^/]+)/resolve/([^/]+)/(.+)", path):
                repo, rev, name = m.groups()
                if not self.known(repo, rev):
                    return
                f = hub.files.get(name)
                if f is None:
                    return self.error(404, "EntryNotFound", f"{name} does not exist", commit=True)
                if f.sha256:  # LFS: the Hub sends clients to its CDN; huggingface_hub's HEAD does not follow it
                    host = self.headers.get("Host", f"127.0.0.1:{hub.server.server_address[1]}")
                    return self.send_empty(302, {"Location": f"http://{host}/cdn/{f.sha256}",
                                                 "X-Repo-Commit": hub.sha, "X-Linked-Etag": f'"{f.sha256}"',
                                                 "X-Linked-Size": str(f.size), "ETag": f'"{f.blob_id}"'})
                self.send_file(name, f, head)
            elif m := re.fullmatch(r"/cdn/([0-9a-f]{64})", path):
                found = [(name, f) for name, f in hub.files.items() if f.sha256 == m.group(1)]
                if not found:
                    return self.error(404, "EntryNotFound", "no such object")
                self.send_file(*found[0], head)
            else:
                self.error(404, None, "not found")

        def known(self, repo: str, rev: str) -> bool:
            if repo != hub.repo:
                self.error(401, "RepoNotFound", "Repository not found")
                return False
            if rev not in ("main", hub.sha):
                self.error(404, "RevisionNotFound", "Invalid rev id: " + rev)
                return False
            return True

        def send_file(self, name: str, f: RepoFile, head: bool):
            start, end = 0, f.size - 1
            headers = {"X-Repo-Commit": hub.sha, "ETag": f'"{f.etag}"', "Accept-Ranges": "bytes",
                       "Content-Type": "application/octet-stream"}
            rng = self.headers.get("Range")
            if rng and (m := re.fullmatch(r"bytes=(\d+)-(\d*)", rng.strip())):
                start, end = int(m.group(1)), min(int(m.group(2) or f.size - 1), f.size - 1)
                if start >= f.size or start > end:
                    return self.send_empty(416, {**headers, "Content-Range": f"bytes */{f.size}"})
                headers["Content-Range"] = f"bytes {start}-{end}/{f.size}"
            self.send_response(206 if "Content-Range" in headers else 200)
            for key, value in {**headers, "Content-Length": str(end - start + 1)}.items():
                self.send_header(key, value)
            self.end_headers()
            if head:
                return
            drop = hub.take_drop(name)
            with f.path.open("rb") as source:
                source.seek(start)
                left, sent = end - start + 1, 0
                while left > 0:
                    chunk = source.read(min(CHUNK, left, drop - sent if drop is not None else CHUNK))
                    if not chunk:
                        break
                    self.wfile.write(chunk)
                    sent, left = sent + len(chunk), left - len(chunk)
                    if drop is not None and sent >= drop:
                        self.wfile.flush()
                        self.connection.shutdown(socket.SHUT_RDWR)  # the connection drops mid-body
                        self.close_connection = True
                        return
                    if hub.rate:
                        time.sleep(len(chunk) / hub.rate)

        def send_json(self, status: int, body: dict):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def send_empty(self, status: int, headers: dict):
            self.send_response(status)
            for key, value in {**headers, "Content-Length": "0"}.items():
                self.send_header(key, value)
            self.end_headers()

        def error(self, status: int, code: str | None, message: str, commit: bool = False):
            headers = {"X-Error-Message": message, **({"X-Error-Code": code} if code else {}),
                       **({"X-Repo-Commit": hub.sha} if commit else {})}
            data = json.dumps({"error": message}).encode()
            self.send_response(status)
            for key, value in {**headers, "Content-Type": "application/json", "Content-Length": str(len(data))}.items():
                self.send_header(key, value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

    return Handler


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", required=True, help="the folder served as the repository's files")
    parser.add_argument("--repo", required=True, help="the repository id, e.g. Qwen/Some-Model")
    parser.add_argument("--port", type=int, default=0, help="0: any free port")
    parser.add_argument("--rate", type=float, help="bytes per second per download (default: unthrottled)")
    parser.add_argument("--drop-after", metavar="PATH:N", help="drop the connection after N bytes of PATH, once")
    parser.add_argument("--log", action="store_true", help="print each request to stderr")
    args = parser.parse_args()
    hub = HubStandIn(args.root, args.repo, args.port, args.rate)
    if args.drop_after:
        name, _, n = args.drop_after.rpartition(":")
        hub.drop_after(name, int(n))
    if args.log:
        class Log(list):
            def append(self, item):
                print(*item, file=sys.stderr, flush=True)
                super().append(item)
        hub.requests = Log()
    with hub:
        print(hub.url, flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
