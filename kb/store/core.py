"""The SQLite connection: opening, migrations, transactions."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self
from urllib.request import pathname2url

import sqlite_utils

from kb.errors import StoreError
from kb.migrations import migrate as run_migrations
from kb.permissions import private_file, private_folder


def now() -> str:
    """The current UTC time as an ISO 8601 string (seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreCore:
    """One SQLite connection with WAL, foreign keys and explicit transactions."""

    def __init__(self, path: Path | str, *, create: bool = True, timeout: float = 30.0, migrate: bool = True) -> None:
        self.path = Path(path)
        if str(path) != ":memory:":
            if not create and not self.path.exists():
                raise StoreError(f"database {self.path} does not exist; run 'kb init' or 'kb ingest' first")
            try:
                private_folder(self.path.parent)
                private_file(self.path)  # SQLite gives the -wal and -shm files the database file's mode
            except OSError as exc:
                raise StoreError(f"cannot create {self.path}: {exc.strerror}") from None
        try:
            conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            if str(path) != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            if migrate:
                run_migrations(conn)
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open {path} as a Lessons KB database: {exc}") from None
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._local = threading.local()

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the whole database (SQLite's online backup: safe while others write)."""
        private_folder(target.parent)
        tmp = target.with_name(target.name + ".partial")
        tmp.unlink(missing_ok=True)
        private_file(tmp)
        dest = sqlite3.connect(str(tmp))
        try:
            self.conn.backup(dest, pages=4096)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        tmp.replace(target)

    def reader(self) -> sqlite3.Connection:
        """A second, read-only connection to the same database (for work on another thread)."""
        uri = "file:" + pathname2url(str(self.path.absolute())) + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE); nested calls become savepoints."""
        depth = getattr(self._local, "depth", 0)
        if depth == 0:
            self.conn.execute("BEGIN IMMEDIATE")
        else:
            self.conn.execute(f"SAVEPOINT sp{depth}")
        self._local.depth = depth + 1
        try:
            yield self.conn
        except BaseException:
            if depth == 0:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            else:
                self.conn.execute(f"ROLLBACK TO sp{depth}")
                self.conn.execute(f"RELEASE sp{depth}")
            raise
        else:
            if depth == 0:
                self.conn.execute("COMMIT")
            else:
                self.conn.execute(f"RELEASE sp{depth}")
        finally:
            self._local.depth = depth

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Run a query and return its rows as dicts."""
        return list(self.db.query(sql, params))

    def row(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        """Run a query and return its first row as a dict, or None."""
        return next(iter(self.db.query(sql, params)), None)

    def scalar(self, sql: str, params: Any = ()) -> Any:
        """Run a query and return the first column of its first row."""
        found = self.conn.execute(sql, params).fetchone()
        return found[0] if found else None
