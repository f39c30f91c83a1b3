"""Check a running worker end to end: health, then clone a voice from a fixture clip and speak with it.

    python worker/scripts/client.py --url http://127.0.0.1:8000
    python worker/scripts/client.py --url https://<workspace>--utter-tts-worker-worker-web.modal.run \\
        --modal-key "$MODAL_KEY" --modal-secret "$MODAL_SECRET"

Writes the speech to --out (a 24 kHz 16-bit WAV) and prints time to first audio and the real-time factor.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import sys
import time
from pathlib import Path

import httpx

WORKER = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(WORKER))  # for utter_worker.framing and .audio

from utter_worker import framing  # noqa: E402
from utter_worker.audio import wav_bytes  # noqa: E402

FIXTURE = WORKER.parent / "fixtures" / "audio" / "nature-en.wav"
FIXTURE_TRANSCRIPT = "Some call me nature, others call me mother nature."


def headers(args) -> dict:
    out = {}
    if args.token:
        out["Authorization"] = f"Bearer {args.token}"
    if args.modal_key:
        out.update({"Modal-Key": args.modal_key, "Modal-Secret": args.modal_secret or ""})
    return out


def check(response: httpx.Response) -> httpx.Response:
    if response.status_code >= 400:
        response.read()
        raise SystemExit(f"{response.request.method} {response.request.url.path} -> {response.status_code}: "
                         f"{response.text}")
    return response


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", default=os.environ.get("UTTER_WORKER_URL", "http://127.0.0.1:8000"))
    parser.add_argument("--token", default=os.environ.get("UTTER_AUTH_TOKEN"), help="bearer token (self-hosted)")
    parser.add_argument("--modal-key", default=os.environ.get("MODAL_KEY"), help="Modal proxy auth token id")
    parser.add_argument("--modal-secret", default=os.environ.get("MODAL_SECRET"), help="Modal proxy auth secret")
    parser.add_argument("--clip", type=Path, default=FIXTURE, help="reference WAV (default: a fixture clip)")
    parser.add_argument("--transcript", default=FIXTURE_TRANSCRIPT)
    parser.add_argument("--text", default="Hello! This voice was cloned by the Utter worker.")
    parser.add_argument("--language", default="English")
    parser.add_argument("--max-new-tokens", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--out", type=Path, default=WORKER / "out" / "utter-client.wav")
    parser.add_argument("--timeout", type=float, default=150.0)
    args = parser.parse_args(argv)

    with httpx.Client(base_url=args.url, headers=headers(args), timeout=args.timeout) as http:
        health = check(http.get("/health")).json()
        print("health:", json.dumps({k: health[k] for k in ("engine", "model", "device", "dtype", "attention")}))

        started = time.perf_counter()
        made = check(http.post("/v1/prompts", json={
            "audio": base64.b64encode(args.clip.read_bytes()).decode(), "transcript": args.transcript})).json()
        print(f"prompt: {made['bytes']} bytes, {made['frames']} frames, model {made['model']}, "
              f"{time.perf_counter() - started:.2f} s")

        body = {"text": args.text, "language": args.language, "prompt": made["prompt"],
                "max_new_tokens": args.max_new_tokens, "seed": args.seed}
        pcm, first_audio, sample_rate = bytearray(), None, 24000
        started = time.perf_counter()
        with http.stream("POST", "/v1/synthesize", json={k: v for k, v in body.items() if v is not None}) as reply:
            check(reply)
            for frame in framing.decode(reply.iter_raw()):
                if frame.type == framing.START:
                    sample_rate = frame.json()["sample_rate"]
                elif frame.type == framing.AUDIO:
                    first_audio = first_audio or time.perf_counter() - started
                    pcm += frame.payload
                elif frame.type == framing.ERROR:
                    raise SystemExit(f"error frame: {frame.json()}")
        elapsed = time.perf_counter() - started
    seconds = len(pcm) / 2 / sample_rate
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(wav_bytes(bytes(pcm), sample_rate))
    print(f"speech: {seconds:.2f} s of audio in {elapsed:.2f} s (real-time factor {elapsed / max(seconds, 1e-9):.2f}),"
          f" first audio after {first_audio or 0:.2f} s -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
