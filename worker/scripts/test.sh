#!/usr/bin/env bash
# Run the whole worker test suite in worker/.venv, installing the pinned test dependencies when they change.
# The real-engine tests run when scripts/install-real-engine.sh has been run, and are skipped otherwise.
# Extra arguments go to pytest, e.g. scripts/test.sh -k streaming
set -euo pipefail
. "$(dirname "$0")/_venv.sh"
cd "$WORKER_DIR"

stamp="$VENV/.test-requirements.sha256"
wanted="$(cat requirements.txt requirements-test.txt requirements-modal.txt | sha256sum)"
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  python -m pip install --quiet -r requirements-test.txt -r requirements-modal.txt
  echo "$wanted" > "$stamp"
fi
exec python -m pytest "$@"
