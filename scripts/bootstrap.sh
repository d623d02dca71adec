#!/usr/bin/env bash
# Create ./.venv and install Lessons KB with everything it needs. Safe to re-run: it only reinstalls
# when pyproject.toml (or this script) changed. Usage: scripts/bootstrap.sh [extras, e.g. test]
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"
# A .venv without pip is what a Python without its venv module's ensurepip leaves behind (Debian and Ubuntu without
# python3-venv: Python's own message names the package): made again, or the next run, python3-venv installed, skipped
# it and failed on "No module named pip".
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import pip' >/dev/null 2>&1; then
  echo "Creating .venv with $($python --version)" >&2
  if ! "$python" -m venv --clear .venv; then
    echo "bootstrap: '$python -m venv' failed: on Debian or Ubuntu, install python3-venv (sudo apt-get install" \
      "python3-venv) and run this again" >&2
    exit 1
  fi
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
# Measured on this project's 2-core machines (2026-12-04): 94 s with pip's cache already holding the packages, load
# average 3.5; about 9 minutes from a fresh clone with a cold cache at load average 8 (README, Set up and run).
echo "Installing Lessons KB into .venv: CPU-only torch, then sentence-transformers, FAISS, Flask and the rest" \
  "(about 2 GB; from 1-2 minutes when pip's cache has them to about 10 on a busy machine; log: $log)..." >&2
started=$SECONDS
# Nothing byte-compiled by pip: scripts/compile_installed.py compiles it all after, as pip did, but the code of the
# transformers models Lessons KB never loads (BENCHMARKS.md, t-trim10c).
install --upgrade --no-compile pip
# torch pinned, in the same call: a plain 'torch' requirement would pull a CUDA build of several GB.
install --no-compile "torch==2.13.0" -e ".${extras:+[$extras]}"
if ! .venv/bin/python scripts/compile_installed.py >>"$log" 2>&1; then
  cat "$log" >&2
  echo "bootstrap: 'python scripts/compile_installed.py' failed (full log above, also in $log)" >&2
  exit 1
fi
echo "$want" > "$stamp"
echo "Installed in $((SECONDS - started)) s." >&2
