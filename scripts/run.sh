#!/usr/bin/env bash
# The main job on the embedded defaults: install into ./.venv, ingest the shipped corpus into ./kb-data/kb.db
# (with the bundled embedding model), and serve the web UI on http://127.0.0.1:5000/.
# Safe to re-run: installation and unchanged files are skipped. Set KB_PORT to use another port; links in e-mails
# (the digest, /subscribe's confirmation) point at this server unless KB_BASE_URL says otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
kb=.venv/bin/kb
# The database and, once, a random secret key of this installation (kb-data/secret_key, kept out of the repository;
# readable by its owner only). Only 'kb serve' and 'kb digest' read it: it is not exported to other commands.
"$kb" init
"$kb" ingest corpus/
"$kb" stats
port="${KB_PORT:-5000}"
export KB_BASE_URL="${KB_BASE_URL:-http://127.0.0.1:$port}"
exec "$kb" serve --host 127.0.0.1 --port "$port"
