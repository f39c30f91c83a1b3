#!/usr/bin/env bash
# Download, here (with network), the wheels that scripts/gpu-benchmark.sh installs on a GPU machine that has none:
# Python 3.12 x86-64 Linux wheels into worker/.gpu/wheels, plus the list of what to install from them.
# The GPU machine has torch and numpy; what it lacks, or has at versions qwen-tts 0.1.1 breaks on (transformers
# 5.x), travels as these wheels. The small helpers transformers needs (requests, pyyaml, psutil...) should be there
# too; they travel as fallbacks, installed only where one cannot be imported.
# librosa (needs scipy, numba and llvmlite: about 95 MB), sox and onnxruntime do not travel: where they cannot be
# imported, gpu-benchmark.sh replaces them (and torchaudio) with the small stand-ins in scripts/offline/.
#
#   worker/scripts/gpu-prepare.sh          then, on the device tool: carry worker/.gpu,
#                                          command worker/scripts/gpu-benchmark.sh
set -euo pipefail

WORKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_DIR="$(cd "$WORKER_DIR/.." && pwd)"
GPU_DIR="$WORKER_DIR/.gpu"
WHEELS="$GPU_DIR/wheels"
PYTHON="${PYTHON:-python3}"
LIMIT_MIB=60  # the device tool takes 64 MiB in all (repository + carried folders); keep some room

packages=()
# Add each named package at the version the worker's requirement files pin (as install-real-engine.sh does).
pin() {
  local name version
  for name in "$@"; do
    version="$(sed -n "s/^$name==\([^ ;#]*\).*/\1/p" "$WORKER_DIR/requirements-real.txt" \
               "$WORKER_DIR/requirements-real-nodeps.txt" "$WORKER_DIR/requirements.txt" | head -n 1)"
    [ -n "$version" ] || { echo "no pin for $name in worker/requirements*.txt" >&2; exit 1; }
    packages+=("$name==$version")
  done
}
pin qwen-tts transformers huggingface_hub accelerate einops soundfile
pin fastapi  # utter_worker's prompt format imports it (for its problem documents)
# Not pinned there (they come in as dependencies); the versions of worker/.venv.
packages+=(
  tokenizers==0.22.2   # transformers 4.57.3 wants >=0.22.0,<=0.23.0; the GPU image has a newer one
  safetensors==0.8.0
  cffi==2.1.1          # soundfile's binding to its bundled libsndfile
  pycparser==3.12      # needed by cffi
  starlette==1.10.0 pydantic==2.14.4 pydantic_core==2.50.5   # fastapi's; pydantic and its core go together
)
# Fallbacks: "import name  requirement"; the versions of worker/.venv.
fallbacks=(
  "requests requests==2.34.2" "urllib3 urllib3==2.8.0" "idna idna==3.20" "certifi certifi==2026.10.19.post1"
  "charset_normalizer charset-normalizer==3.5.3" "yaml PyYAML==6.0.4" "regex regex==2026.11.19"
  "tqdm tqdm==4.70.1" "filelock filelock==4.3.1" "packaging packaging==26.4" "fsspec fsspec==2026.9.0"
  "typing_extensions typing_extensions==4.16.0" "psutil psutil==7.2.2"
  "anyio anyio==4.16.0" "annotated_types annotated-types==0.8.0" "typing_inspection typing-inspection==0.4.5"
  "annotated_doc annotated-doc==0.0.7" "opentelemetry opentelemetry-api==1.45.2"
)

# site/ and shims/ are what gpu-benchmark.sh makes there; they must not travel.
rm -rf "$WHEELS" "$GPU_DIR/site" "$GPU_DIR/shims"
mkdir -p "$WHEELS"
# --no-deps: each wheel is named above; --platform/--python-version: the GPU machine's Python, not this one's.
"$PYTHON" -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
  --python-version 3.12 --implementation cp --abi cp312 --abi abi3 --abi none \
  --platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux_2_28_x86_64 \
  --platform any -d "$WHEELS" "${packages[@]}" "${fallbacks[@]#* }"
printf '%s\n' "${packages[@]}" > "$WHEELS/requirements.txt"
printf '%s\n' "${fallbacks[@]}" > "$WHEELS/fallbacks.txt"

ls -1 "$WHEELS"
# Sizes in KiB as the transfer sees them (apparent sizes, not disk blocks).
gpu_kib="$(du -sk --apparent-size "$GPU_DIR" | cut -f1)"
# What travels besides the carried folder: tracked files and untracked files git does not ignore.
# (|| true: du complains about tracked files deleted from the working tree, which do not travel either.)
repo_kib="$(cd "$REPO_DIR" && git ls-files -z --cached --others --exclude-standard \
            | { xargs -0 -r du -sk --apparent-size -- 2>/dev/null || true; } | awk '{s += $1} END {print s + 0}')"
total_kib=$((gpu_kib + repo_kib))
awk -v g="$gpu_kib" -v r="$repo_kib" -v l="$LIMIT_MIB" 'BEGIN {
  printf "worker/.gpu: %.1f MiB; repository: %.1f MiB; together: %.1f MiB (limit %d MiB)\n",
         g / 1024, r / 1024, (g + r) / 1024, l }'
if [ "$total_kib" -gt $((LIMIT_MIB * 1024)) ]; then
  echo "too big to carry: the repository and worker/.gpu must stay under $LIMIT_MIB MiB" >&2
  exit 1
fi
