"""The log of ingest runs and the errors and warnings they met."""

from __future__ import annotations

import json
import os
from typing import Any

from kb.errors import NotFound
from kb.store import run_owner
from kb.store.core import StoreCore, now


class RunOps(StoreCore):
    """Ingest runs and their errors."""

    def start_run(self, paths: list[str]) -> int:
        """Open a run record, with the process that runs it (told from a killed one by ``abandoned_runs``), and
        return its id."""
        pid = os.getpid()
        with self.transaction():
            cur = self.conn.execute(
                "INSERT INTO ingest_runs (started_at, paths, pid, host, process_start) VALUES (?, ?, ?, ?, ?)",
                [now(), json.dumps(paths, ensure_ascii=False), pid, run_owner.host(), run_owner.process_start(pid)])
        return int(cur.lastrowid)

    def abandoned_runs(self) -> list[dict[str, Any]]:
        """Mark "interrupted" the runs still "running" whose process has ended on this host (killed, crashed, the
        machine restarted), and return them: said once, by the command that found them. A run whose process lives,
        or ran on another host, or was recorded before runs named their process, is left as it is."""
        rows = self.rows("SELECT id, started_at, pid, host, process_start FROM ingest_runs WHERE status = 'running'")
        gone = [r for r in rows if run_owner.is_gone(r["pid"], r["host"], r["process_start"])]
        for r in gone:
            r["reason"] = (f"its process (pid {r['pid']} on {r['host']}) ended before the run did: killed, crashed "
                           "or the machine restarted")
            with self.transaction():
                self.conn.execute("UPDATE ingest_runs SET status = 'interrupted', reason = ? "
                                  "WHERE id = ? AND status = 'running'", [r["reason"], r["id"]])
        return gone

    def record_error(self, run_id: int | None, path: str, message: str, *, line: int | None = None,
                     level: str = "error") -> None:
        """Record a file that failed (or a warning about one)."""
        with self.transaction():
            self.conn.execute(
                "INSERT INTO ingest_errors (run_id, path, line, level, message, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [run_id, path, line, level, message, now()])

    def finish_run(self, run_id: int, *, added: int, updated: int, unchanged: int, failed: int, removed: int,
                   seconds: float, status: str = "finished") -> None:
        """Close a run record with its counts."""
        with self.transaction():
            self.conn.execute(
                "UPDATE ingest_runs SET finished_at = ?, added = ?, updated = ?, unchanged = ?, failed = ?,"
                " removed = ?, seconds = ?, status = ? WHERE id = ?",
                [now(), added, updated, unchanged, failed, removed, round(seconds, 3), status, run_id])

    def stop_run(self, run_id: int, reason: str) -> None:
        """Record a run as stopped before its end, and why (the disk full); what it read before is stored. Best
        effort: on a full disk this write may be refused too, and the run then stays "running"."""
        with self.transaction():
            self.conn.execute("UPDATE ingest_runs SET finished_at = ?, status = 'stopped', reason = ? WHERE id = ?",
                              [now(), reason, run_id])

    def runs(self, limit: int = 20) -> list[dict[str, Any]]:
        """The latest runs, newest first."""
        rows = self.rows("SELECT * FROM ingest_runs ORDER BY id DESC LIMIT ?", [limit])
        for r in rows:
            r["paths"] = json.loads(r["paths"])
        return rows

    def run_errors(self, run_id: int | None = None, *, level: str | None = None) -> list[dict[str, Any]]:
        """Errors and warnings of one run (default: the latest run).

        Raises:
            NotFound: ``run_id`` names no run (it does not read as a run without problems).
        """
        if run_id is None:
            run_id = self.scalar("SELECT max(id) FROM ingest_runs")
        elif not self.scalar("SELECT 1 FROM ingest_runs WHERE id = ?", [run_id]):
            latest = self.scalar("SELECT max(id) FROM ingest_runs")
            raise NotFound(f"no ingest run {run_id}" + (f"; the latest is run {latest}" if latest else
                                                       "; nothing has been ingested yet"))
        sql = "SELECT path, line, level, message, created_at, run_id FROM ingest_errors WHERE run_id = ?"
        params: list[Any] = [run_id]
        if level:
            sql += " AND level = ?"
            params.append(level)
        return self.rows(sql + " ORDER BY id", params)
