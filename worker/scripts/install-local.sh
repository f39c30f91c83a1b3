#!/usr/bin/env bash
# Make a worker environment and install what it needs: what Utter runs when it sets up its own local worker.
#   install-local.sh VENV fake   the server and the fake engine (about 50 MB)
#   install-local.sh VENV real   and torch + qwen-tts (up to 4 GB: torch from PyPI brings NVIDIA's CUDA libraries)
# PYTHON names the Python 3.10+ that makes the environment (default python3).
set -euo pipefail
venv=$1
engine=$2
cd "$(dirname "$0")/.."

if [ ! -x "$venv/bin/python" ]; then
  "${PYTHON:-python3}" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || { echo "the worker needs Python 3.10 or newer" >&2; exit 1; }
  "${PYTHON:-python3}" -m venv "$venv"
fi
pip=("$venv/bin/python" -m pip install --disable-pip-version-check --no-input --progress-bar off)
"${pip[@]}" -r requirements.txt
if [ "$engine" = real ]; then
  if ! command -v nvidia-smi >/dev/null; then
    # No NVIDIA GPU: torch's CPU build is a fraction of the size. Where its index cannot be reached, PyPI's build
    # (with the CUDA libraries, which also runs on a CPU) comes with the requirements below instead.
    "${pip[@]}" --index-url https://download.pytorch.org/whl/cpu "torch==$(sed -n 's/^torch==//p' requirements-real.txt)" \
      "torchaudio==$(sed -n 's/^torchaudio==//p' requirements-real.txt)" \
      || echo "torch's CPU build could not be installed; PyPI's follows"
  fi
  "${pip[@]}" -r requirements-real.txt
  "${pip[@]}" --no-deps -r requirements-real-nodeps.txt
fi
echo "installed the $engine worker in $venv"
