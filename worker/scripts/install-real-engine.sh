#!/usr/bin/env bash
# Install the server, torch, qwen-tts and faster-qwen3-tts (all pinned) into worker/.venv, so that scripts/test.sh
# also runs the real-engine suite and python -m utter_worker can serve real models. About 4 GB from PyPI.
set -euo pipefail
. "$(dirname "$0")/_venv.sh"
cd "$WORKER_DIR"

started=$SECONDS
python -m pip install --quiet --no-cache-dir -r requirements.txt -r requirements-real.txt
python -m pip install --quiet --no-cache-dir --no-deps -r requirements-real-nodeps.txt
echo "real engine installed in $((SECONDS - started)) s"
