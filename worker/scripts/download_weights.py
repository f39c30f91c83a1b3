"""Put Qwen3-TTS weights, and the speech recognition and alignment weights, where the worker looks for them.

On Modal (into the weights volume):
    modal run worker/scripts/download_weights.py --models 0.6B|1.7B|both [--no-listening] [--design]
                                                 [--presets 0.6B|1.7B]
    modal run worker/scripts/download_weights.py --list-only
On any machine (into $HF_HOME, by default ~/.cache/huggingface):
    python worker/scripts/download_weights.py --models both [--no-listening] [--design] [--presets 1.7B] [--list-only]

Each model comes with the codec tokenizer Qwen/Qwen3-TTS-Tokenizer-12Hz, and with Qwen/Qwen3-ASR-0.6B and
Qwen/Qwen3-ForcedAligner-0.6B, which the worker loads beside it (UTTER_LISTEN) unless --no-listening is given.
--design adds the VoiceDesign model (UTTER_DESIGN_MODEL), --presets the CustomVoice model of that size
(UTTER_PRESET_MODEL). --list-only downloads nothing and lists what is already there.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the worker folder, for utter_worker.config

from utter_worker.config import (ALIGNER_REPO, ASR_REPO, DESIGN_REPO, MODAL_VOLUME,  # noqa: E402
                                  MODAL_WEIGHTS_DIR, MODEL_REPOS, PRESET_REPOS, TOKENIZER_REPO)


def repos(models: str, listening: bool = True, design: bool = False, presets: str = "") -> list[str]:
    sizes = list(MODEL_REPOS) if models == "both" else [models]
    unknown = [size for size in sizes if size not in MODEL_REPOS]
    if unknown:
        raise SystemExit(f"--models must be 0.6B, 1.7B or both, not {models!r}")
    if presets and presets not in PRESET_REPOS:
        raise SystemExit(f"--presets must be 0.6B or 1.7B, not {presets!r}")
    return ([MODEL_REPOS[size] for size in sizes] + [TOKENIZER_REPO] + ([ASR_REPO, ALIGNER_REPO] if listening else [])
            + ([DESIGN_REPO] if design else []) + ([PRESET_REPOS[presets]] if presets else []))


def fetch(models: str, list_only: bool, listening: bool = True, design: bool = False, presets: str = "") -> list[str]:
    """Download (unless list_only) into HF_HOME, then return one line per cached repository."""
    from huggingface_hub import scan_cache_dir, snapshot_download
    from huggingface_hub.errors import CacheNotFound

    if not list_only:
        for repo in repos(models, listening, design, presets):
            print(f"downloading {repo} ...", flush=True)
            print(f"  -> {snapshot_download(repo)}", flush=True)
    try:
        cached = sorted(scan_cache_dir().repos, key=lambda r: r.repo_id)
    except CacheNotFound:
        cached = []
    lines = [f"{r.repo_id}  {r.size_on_disk_str}  revisions: "
             f"{', '.join(sorted(v.commit_hash[:12] for v in r.revisions))}" for r in cached] or ["nothing cached yet"]
    print(f"weights cache at {os.environ.get('HF_HOME', '~/.cache/huggingface')}:")
    print("\n".join("  " + line for line in lines))
    return lines


try:
    import modal
except ImportError:  # self-hosting without the Modal client: only the local mode below is available
    modal = None

if modal is not None:
    app = modal.App("utter-tts-weights")
    volume = modal.Volume.from_name(os.environ.get("UTTER_MODAL_VOLUME", MODAL_VOLUME), create_if_missing=True)
    image = (modal.Image.debian_slim(python_version="3.12")
             .pip_install("huggingface_hub==0.36.2", "hf-xet==1.8.0")
             .env({"HF_HOME": f"{MODAL_WEIGHTS_DIR}/hf"})
             .add_local_python_source("utter_worker"))

    @app.function(image=image, volumes={MODAL_WEIGHTS_DIR: volume}, timeout=3600)
    def download(models: str, list_only: bool, listening: bool = True, design: bool = False, presets: str = "") -> None:
        fetch(models, list_only, listening, design, presets)
        if not list_only:
            volume.commit()

    @app.local_entrypoint()
    def main(models: str = "0.6B", list_only: bool = False, no_listening: bool = False, design: bool = False,
             presets: str = "") -> None:
        repos(models, design=design, presets=presets)  # fail fast on a typo, before a container starts
        download.remote(models, list_only, not no_listening, design, presets)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", default="0.6B", help="0.6B, 1.7B or both (default 0.6B)")
    parser.add_argument("--no-listening", action="store_true",
                        help="leave out the speech recognition and alignment weights (for UTTER_LISTEN=0)")
    parser.add_argument("--design", action="store_true", help="add the VoiceDesign model (UTTER_DESIGN_MODEL)")
    parser.add_argument("--presets", default="", help="add the CustomVoice model of this size (UTTER_PRESET_MODEL)")
    parser.add_argument("--list-only", action="store_true", help="download nothing; list what is cached")
    arguments = parser.parse_args()
    repos(arguments.models, design=arguments.design, presets=arguments.presets)
    fetch(arguments.models, arguments.list_only, not arguments.no_listening, arguments.design, arguments.presets)
