#!/usr/bin/env bash
# Run scripts/benchmark.py (official qwen-tts path against the batched engine, random weights at the 0.6B and 1.7B
# sizes, for cloned voices, designed voices and preset speakers) on a GPU machine with no network, in one command.
# Run from the repository root:
#
#   worker/scripts/gpu-benchmark.sh        # --sizes 0.6B,1.7B --families base,voice_design,custom_voice --max-new-tokens 96
#   worker/scripts/gpu-benchmark.sh --sizes tiny --streams 1,2 --max-new-tokens 6 --device cpu   # a rehearsal
#
# Arguments are appended to the defaults above (for benchmark.py, the last occurrence of a flag wins).
# Needs worker/.gpu/wheels from scripts/gpu-prepare.sh, and a Python 3.12 with torch and numpy (PYTHON, default
# python3). Installs the wheels into worker/.gpu/site, never into that Python; modules it still cannot import
# (librosa, sox, onnxruntime, torchaudio) are replaced by the stand-ins in scripts/offline/.
# Everything printed also goes to $OUT/gpu-benchmark.txt. Exit code: the benchmark's (124 if it timed out).
# BENCH_TIMEOUT (seconds, default 400) bounds the benchmark itself; setup takes well under a minute.
set -euo pipefail

WORKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GPU_DIR="$WORKER_DIR/.gpu"
WHEELS="$GPU_DIR/wheels"
SITE="$GPU_DIR/site"
SHIMS="$GPU_DIR/shims"
PYTHON="${PYTHON:-python3}"
OUT="${OUT:-$(mktemp -d -t gpu-benchmark.XXXXXX)}"
LOG="$OUT/gpu-benchmark.txt"
BENCH_TIMEOUT="${BENCH_TIMEOUT:-400}"

# Every download path off: the machine has no network, and a library that tried one would wait for a timeout.
export PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1 \
  HF_HUB_DISABLE_TELEMETRY=1 PYTHONUNBUFFERED=1

# Probe per stand-in: what qwen-tts needs from the real module ("module: statement"). librosa loads its
# submodules lazily, so a bare "import librosa" succeeds without scipy or numba; touching the functions shows
# whether they work.
PROBES='
librosa: import librosa; librosa.filters.mel; librosa.resample
sox: import sox
onnxruntime: import onnxruntime
torchaudio: import torchaudio.compliance.kaldi
'

run() {
  set -e  # (the caller turns it off around the pipeline, to read this function's exit code)
  local started=$SECONDS
  echo "== gpu-benchmark $(date -u +%Y-%m-%dT%H:%M:%SZ) on ${HOSTNAME:-?}; python: $(command -v "$PYTHON")"
  if command -v nvidia-smi >/dev/null; then
    nvidia-smi
  else
    echo "nvidia-smi: not found"
  fi
  df -h "${TMPDIR:-/tmp}"  # the random checkpoints are written there: about 4 GB for 0.6B and 8 GB for 1.7B

  [ -f "$WHEELS/requirements.txt" ] || { echo "no $WHEELS/requirements.txt: run worker/scripts/gpu-prepare.sh" \
                                           "first and carry worker/.gpu" >&2; return 1; }
  # Helpers the machine should have (requests, pyyaml, psutil...) are installed only where one cannot be imported.
  local fallbacks
  fallbacks="$("$PYTHON" - "$WHEELS/fallbacks.txt" <<'EOF'
import importlib, sys
missing = []
for line in open(sys.argv[1]):
    module, requirement = line.split()
    try:
        importlib.import_module(module)
    except Exception:
        missing.append(requirement)
print(" ".join(missing))
EOF
)"
  echo "== installing into worker/.gpu/site: $(tr '\n' ' ' < "$WHEELS/requirements.txt")"
  echo "   and, as this machine lacks them: ${fallbacks:-nothing}"
  rm -rf "$SITE" "$SHIMS"
  mkdir -p "$SHIMS"
  # shellcheck disable=SC2086  # $fallbacks: one requirement per word
  "$PYTHON" -m pip install --quiet --no-index --find-links "$WHEELS" --no-deps --no-compile --target "$SITE" \
    -r "$WHEELS/requirements.txt" $fallbacks
  # The carried versions first (transformers 4.57.3 over the machine's 5.x), the stand-ins last: the folder
  # only ever holds stand-ins for modules that failed their probe, so it hides nothing installed.
  export PYTHONPATH="$SITE:$SHIMS${PYTHONPATH:+:$PYTHONPATH}"

  local used
  used="$("$PYTHON" - "$PROBES" <<'EOF' 2>/dev/null
import os, sys
answer = os.fdopen(os.dup(1), "w")
os.dup2(os.open(os.devnull, os.O_WRONLY), 1)  # whatever an import prints must not mix with the answer
failed = []
for line in sys.argv[1].strip().splitlines():
    module, statement = line.split(": ", 1)
    try:
        exec(statement, {})
    except BaseException:  # SystemExit too
        failed.append(module)
print(" ".join(failed), file=answer)
EOF
)"
  for module in $used; do
    cp -r "$WORKER_DIR/scripts/offline/$module" "$SHIMS/"
  done
  echo "== stand-ins from worker/scripts/offline used for: ${used:-none}"

  TRANSFORMERS_PIN="$(sed -n 's/^transformers==//p' "$WHEELS/requirements.txt")" "$PYTHON" - <<'EOF'
import importlib, importlib.metadata, os, sys
print(f"== python {sys.version.split()[0]}; imported:")
for name, dist in [("torch", "torch"), ("numpy", "numpy"), ("transformers", "transformers"),
                   ("tokenizers", "tokenizers"), ("huggingface_hub", "huggingface_hub"),
                   ("accelerate", "accelerate"), ("safetensors", "safetensors"), ("einops", "einops"),
                   ("soundfile", "soundfile"), ("qwen_tts", "qwen-tts"), ("librosa", "librosa"), ("sox", "sox"),
                   ("onnxruntime", "onnxruntime"), ("torchaudio", "torchaudio")]:
    module = importlib.import_module(name)
    try:
        version = str(getattr(module, "__version__", None) or importlib.metadata.version(dist))
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    print(f"   {name:<16}{version:<22}{module.__file__}")
import transformers
if transformers.__version__ != os.environ["TRANSFORMERS_PIN"]:
    sys.exit(f"transformers {transformers.__version__} was imported, not the carried {os.environ['TRANSFORMERS_PIN']}")
EOF
  echo "== setup took $((SECONDS - started)) s; benchmark (at most ${BENCH_TIMEOUT} s):"

  local status=0
  timeout --kill-after=20 "$BENCH_TIMEOUT" "$PYTHON" "$WORKER_DIR/scripts/benchmark.py" \
    --sizes 0.6B,1.7B --families base,voice_design,custom_voice --max-new-tokens 96 "$@" || status=$?
  echo "== benchmark exit code $status; total $((SECONDS - started)) s"
  return "$status"
}

mkdir -p "$OUT"
# worker/.gpu/site is 90 MB unpacked: drop it afterwards, or it would travel the next time worker/.gpu is carried.
trap 'rm -rf "$SITE" "$SHIMS"' EXIT
set +e
run "$@" 2>&1 | tee "$LOG"
status=${PIPESTATUS[0]}
set -e
echo "(log: $LOG)"
exit "$status"
