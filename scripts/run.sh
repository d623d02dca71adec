#!/usr/bin/env bash
# The main job on the embedded defaults: install into ./.venv, ingest the shipped corpus into ./kb-data/kb.db
# (with the bundled embedding model), and serve the web UI on http://127.0.0.1:5000/.
# Safe to re-run: installation and unchanged files are skipped. Set KB_PORT to use another port.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
kb=.venv/bin/kb
mkdir -p kb-data
if [ -z "${KB_SECRET_KEY:-}" ]; then
  # A random secret of this installation, made once and kept out of the repository.
  if [ ! -s kb-data/secret_key ]; then
    (umask 077 && .venv/bin/python -c "import secrets; print(secrets.token_hex(32))" > kb-data/secret_key)
  fi
  KB_SECRET_KEY="$(cat kb-data/secret_key)"
  export KB_SECRET_KEY
fi
"$kb" ingest corpus/
"$kb" stats
exec "$kb" serve --host 127.0.0.1 --port "${KB_PORT:-5000}"
