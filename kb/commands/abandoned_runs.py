"""Ingest runs whose process ended before they did (killed, crashed, the machine restarted): marked "interrupted"
by the next ``kb ingest``, ``kb errors`` or ``kb check``, which says so once; a run still running elsewhere is
left alone (kb.store.run_owner tells them apart)."""

from __future__ import annotations

import sqlite3
from typing import Any

from kb.cli_support import notice
from kb.display import local_time
from kb.errors import StoreError


def say_abandoned(store: Any) -> None:
    """Mark the abandoned runs interrupted and say each once, on stderr; a store that cannot be written (read-only)
    is left as it is, and the runs stay "running" (kb errors words that)."""
    try:
        runs = store.abandoned_runs()
    except (sqlite3.Error, StoreError):
        return
    for run in runs:
        notice(f"the ingest started {local_time(run['started_at'])} (run {run['id']}) was interrupted: "
               f"{run['reason']}; the files it read before are stored, each whole, and 'kb ingest' again reads the "
               "rest (unchanged files are skipped)")
