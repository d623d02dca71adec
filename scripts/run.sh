#!/usr/bin/env bash
# The main job on the embedded defaults: install into ./.venv, ingest the shipped corpus into
# ./kb-data/kb.db, and show what is there. Safe to re-run (unchanged files are skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
kb=.venv/bin/kb
"$kb" ingest corpus/
"$kb" stats
"$kb" docs --limit 15
