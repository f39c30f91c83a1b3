# Sourced by test.sh and install-real-engine.sh: make worker/.venv exist and be active.
WORKER_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$WORKER_DIR/.venv"
if [ ! -x "$VENV/bin/python" ]; then
  PYTHON="${PYTHON:-python3}"
  "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
    || { echo "the worker needs Python 3.10 or newer ($PYTHON is older)" >&2; exit 1; }
  "$PYTHON" -m venv "$VENV"
fi
# shellcheck disable=SC1091
. "$VENV/bin/activate"
export PIP_DISABLE_PIP_VERSION_CHECK=1
