#!/usr/bin/env bash
# Create ./.venv and install Lessons KB with everything it needs. Safe to re-run: it only reinstalls
# when pyproject.toml (or this script) changed. Usage: scripts/bootstrap.sh [extras, e.g. test]
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "Creating .venv with $($python --version)" >&2
  "$python" -m venv .venv
fi
stamp=".venv/.kb-installed${extras:+-$extras}"
want="$(cat pyproject.toml "$0" | sha256sum | cut -c1-16)"
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
log=".venv/install.log"
pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
install() {
  if ! "${pip[@]}" "$@" >>"$log" 2>&1; then
    cat "$log" >&2
    echo "bootstrap: 'pip install $*' failed (full log above, also in $log)" >&2
    exit 1
  fi
}
: > "$log"
echo "Installing Lessons KB into .venv (first run: about a minute)..." >&2
install --upgrade pip
# torch first and pinned: a plain 'torch' requirement would pull a CUDA build of several GB.
install "torch==2.13.0"
install -e ".${extras:+[$extras]}"
echo "$want" > "$stamp"
