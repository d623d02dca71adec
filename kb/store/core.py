"""The SQLite connection: opening, migrations, transactions."""

from __future__ import annotations

import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from kb.disk import unwritten
from kb.errors import StoreError
from kb.migrations import MIGRATIONS, unknown_migrations
from kb.migrations import migrate as run_migrations
from kb.permissions import private_file, private_folder
from kb.schema_later import RENEW_FEED_EPOCH
from kb.store.stored_ids import UntilChange, document_ids, search_stamp
from kb.text import sort_key


def check_database(path: Path) -> None:
    """Refuse what opening a store to use it refuses, without opening it (nothing migrated, nothing written): a file
    that is missing or empty, another application's, or one a newer Lessons KB has migrated (``kb serve``, before it checks
    its settings).

    Raises:
        StoreError: as ``Store(path, create=False)`` raises it.
    """
    _refuse_missing(path)
    refuse_foreign(path)


def _refuse_missing(path: Path) -> None:
    """Refuse, for a command that only reads, a database file that is missing or empty (0 bytes): neither is a
    database yet, and only the commands that write (``kb init``, ``ingest``, ``restore``…) make one of it."""
    if not path.exists() and not path.is_absolute():  # the default, kb-data/kb.db, run from another folder
        raise StoreError(f"database {path} does not exist in {Path.cwd()}: run kb from the project's folder, or give "
                         "--db or KB_DB; 'kb init' or 'kb ingest' makes a new one here")
    if not path.exists():
        raise StoreError(f"database {path} does not exist; run 'kb init' or 'kb ingest' first")
    if path.is_file() and path.stat().st_size == 0:  # reading it would make a whole database (WAL, migrations) of it
        raise StoreError(f"database {path} is an empty file: there is no database there yet; run 'kb init' or "
                         "'kb ingest' to make one")


def refuse_foreign(path: Path) -> None:
    """Refuse, before anything is written to it (no migration, no WAL, no chmod), an SQLite file of another
    application (tables, but no record of Lessons KB's first migration), or one a newer Lessons KB has migrated.

    Raises:
        StoreError: naming the file, and some of its tables or the migration this version does not know.
    """
    tables = _tables(path)
    if not tables or tables == ["migrations"]:  # new, empty, or ours stopped before its first migration
        return
    first, recorded = MIGRATIONS[0][0], _recorded(path) if "migrations" in tables else set()
    if first not in recorded:
        shown = ", ".join(tables[:5]) + (f" and {len(tables) - 5} more" if len(tables) > 5 else "")
        raise StoreError(f"{path} is not a Lessons KB database: it holds another application's tables ({shown}) "
                         f"and no record of migration {first}; nothing was changed")
    unknown = sorted(n for n in recorded if re.match(r"\d{4}_", n) and n not in {m[0] for m in MIGRATIONS})
    if unknown:
        raise StoreError(unknown_migrations(path, unknown))


def _tables(path: Path) -> list[str]:
    """The tables of an existing SQLite file, read without writing; [] for a new, empty or unreadable one (opening
    it says what is wrong)."""
    if not path.is_file() or path.stat().st_size == 0:
        return []
    return _read_only(path, "SELECT name FROM sqlite_master WHERE type = 'table'"
                            " AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name")


def _recorded(path: Path) -> set[str]:
    """The names of the migrations a database records, read without writing (none for a table named migrations
    of another shape: another application's)."""
    return set(_read_only(path, "SELECT name FROM migrations"))


def _read_only(path: Path, sql: str) -> list[Any]:
    """The first column of a query's rows, on a read-only connection to the file; [] where SQLite cannot answer."""
    try:
        conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        return [r[0] for r in conn.execute(sql)]
    except sqlite3.Error:
        return []
    finally:
        conn.close()


def _open_failure(path: Path, exc: sqlite3.DatabaseError) -> str:
    """Why a database could not be opened: a folder that cannot be written (a read-only disk or share) is said as
    such, where SQLite says only "unable to open database file", which reads as "not a database"."""
    folder = path.absolute().parent
    if str(path) != ":memory:" and path.exists() and not os.access(folder, os.W_OK):
        return (f"cannot open {path}: its folder {folder} cannot be written, and SQLite makes {path.name}-wal and "
                f"{path.name}-shm beside the database to read it too; make the folder writable, or copy the "
                "database to one that is")
    if "locked" in str(exc):
        return f"cannot open {path}: {exc} ({LOCKED_HINT})"
    cause = unwritten(exc)  # the disk refused the -wal or -shm file: "disk I/O error" read as "not a database"
    if cause is not None:
        what = "make it writable" if cause.startswith("the file is read-only") else "free some space"
        return (f"cannot open {path}: {cause} while opening it (SQLite writes {path.name}-wal and {path.name}-shm "
                f"beside it even to read); nothing was changed; {what} and run the command again")
    return f"cannot open {path} as a Lessons KB database: {exc}"


LOCKED_HINT = ("another process held its write lock for the whole 30 s wait (a 'kb ingest', 'kb reindex' or 'kb "
               "restore' still running, say); try again once it is done")


# Seconds a write waits for another process's write lock before the store's on_lock_wait is called: long enough
# that the short waits of everyday use (a request of 'kb serve' writing a tag) pass unsaid.
LOCK_NOTICE_AFTER = 1.5


def _is_locked(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


MAX_ROW_ID = 2**63 - 1  # SQLite integers are 64-bit: a larger id can name no row, and binding it raises OverflowError
_DIGITS = re.compile(r"[0-9]+")  # ASCII digits alone: re's \d, as Werkzeug's <int:...> took them, read "١٢" as 12


def is_row_id(text: str) -> bool:
    """Whether ``text`` is written as a row id is: ASCII digits alone (``str.isdigit`` and ``isdecimal`` take the
    digits of every script, and ``int`` reads them: "١٢", Arabic-Indic, is 12)."""
    return bool(_DIGITS.fullmatch(text))


def row_id(text: str) -> int | None:
    """``text`` as a row id (ASCII digits, leading zeros allowed, naming 0 to ``MAX_ROW_ID``), or None: ``int`` of
    thousands of digits is refused (a ValueError: a 500)."""
    digits = text.lstrip("0") or "0"
    if is_row_id(text) and len(digits) <= len(str(MAX_ROW_ID)) and int(digits) <= MAX_ROW_ID:
        return int(digits)
    return None


def now() -> str:
    """The current UTC time as an ISO 8601 string (seconds)."""
    return datetime.now(UTC).isoformat(timespec="seconds")


class StoreCore:
    """One SQLite connection with WAL, foreign keys and explicit transactions."""

    def __init__(self, path: Path | str, *, create: bool = True, timeout: float = 30.0, migrate: bool = True,
                 on_lock_wait: Callable[[float], None] | None = None) -> None:
        """Open (and migrate) the database at path.

        Args:
            timeout: seconds a write waits for another process's write lock before it fails.
            on_lock_wait: called, with the seconds the write may still wait, when a write has waited
                LOCK_NOTICE_AFTER seconds for that lock (the CLI says so on stderr); the wait goes on after it.
        """
        self.path = Path(path)
        self.migrated: list[str] = []  # the migrations this open applied (an upgrade), said by the CLI
        self.migration_seconds = 0.0
        self.timeout = timeout
        self.on_lock_wait = on_lock_wait
        if str(path) != ":memory:":
            if not create:
                _refuse_missing(self.path)
            if migrate:  # the opens without (a web request's) follow one with, which checked the file
                refuse_foreign(self.path)
            try:
                private_folder(self.path.parent)
                private_file(self.path)  # SQLite gives the -wal and -shm files the database file's mode
            except OSError as exc:
                raise StoreError(f"cannot create {self.path}: {exc.strerror}") from None
        try:
            conn = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            conn.create_function("sort_key", 1, _sort_key, deterministic=True)  # ORDER BY sort_key(d.project)
            if str(path) != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA synchronous = NORMAL")
            if migrate:
                started = time.perf_counter()
                applied = run_migrations(conn)
                self.migrated = applied if applied[:1] != [MIGRATIONS[0][0]] else []  # not a new store's
                self.migration_seconds = time.perf_counter() - started
        except sqlite3.DatabaseError as exc:
            raise StoreError(_open_failure(self.path, exc)) from None
        self.conn = conn
        self._local = threading.local()
        self._readers: dict[int, sqlite3.Connection] = {}  # thread id -> that thread's read-only connection
        self._readers_lock = threading.Lock()
        self.stored_ids = UntilChange(document_ids)  # the document row ids, until the database changes (ReadOps.stored_documents)
        self.held_stamp = UntilChange(search_stamp)  # the collection's search stamp, likewise (ChangeLog.search_stamp)

    def backup_to(self, target: Path) -> None:
        """A consistent copy of the whole database (SQLite's online backup: safe while others write), its change feed
        under a new epoch (``kb.store.changes``)."""
        private_folder(target.parent)
        tmp = target.with_name(target.name + ".partial")
        tmp.unlink(missing_ok=True)
        private_file(tmp)
        dest = sqlite3.connect(str(tmp))
        try:
            self.conn.backup(dest, pages=4096)
            with dest:  # the copy's change feed gets an epoch of its own: put back, it is told from this store
                dest.execute(RENEW_FEED_EPOCH)
            dest.execute("PRAGMA journal_mode = DELETE")
        finally:
            dest.close()
        tmp.replace(target)

    def reader(self) -> sqlite3.Connection:
        """A second, read-only connection to the same database (for work on another thread)."""
        uri = self.path.absolute().as_uri() + "?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout = 30000")
        return conn

    def thread_reader(self) -> sqlite3.Connection:
        """This thread's read-only connection, opened on first use and kept until the store is closed (for work
        that worker threads do again and again, such as a search's keyword legs: a new connection starts with
        an empty page cache and an unparsed schema, which cost its first FTS5 query several milliseconds)."""
        thread = threading.get_ident()
        with self._readers_lock:
            conn = self._readers.get(thread)
            if conn is None:
                conn = self._readers[thread] = self.reader()
            return conn

    def checkpoint(self) -> None:
        """Copy the write-ahead log into the database file, without waiting for readers (after a long write: an
        ingest, a reindex). SQLite's own checkpoints fail silently: under a file size limit an upgrade of 4,594
        documents ended "OK" with 64 MB of its changes in kb.db-wal, which the file could not take in.

        Raises:
            StoreError: the disk refused it, saying where the changes are and that the -wal file must be kept.
        """
        if str(self.path) == ":memory:":
            return
        try:
            self.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        except sqlite3.OperationalError as exc:
            reason = unwritten(exc)
            if reason is None:
                raise
            wal = Path(f"{self.path}-wal")
            size = f"{wal.stat().st_size / 1e6:.1f} MB" if wal.exists() else "?"
            raise StoreError(
                f"database {self.path}: the changes are stored, but in {wal.name} ({size}): the database file could "
                f"not take them in ({reason}). Keep {wal.name} beside it (it is part of the database: the changes "
                "are lost without it), make room or raise the limit ('ulimit -f'), then run 'kb check'") from None

    def close(self) -> None:
        """Close the connection (and the threads' read-only ones)."""
        with self._readers_lock:
            readers, self._readers = list(self._readers.values()), {}
        for reader in readers:
            reader.close()
        self.conn.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """A write transaction (BEGIN IMMEDIATE); nested calls become savepoints."""
        depth = getattr(self._local, "depth", 0)
        ours = depth > 0 or not self.conn.in_transaction  # one open now is another thread's: its BEGIN is refused
        opened = False
        try:  # the BEGIN too: a Ctrl-C that lands as it returns left the transaction open, and the run's record
            # of the interruption then failed ("cannot start a transaction within a transaction"; the run "running")
            if depth == 0:
                self._begin()
            else:
                self.conn.execute(f"SAVEPOINT sp{depth}")
            opened = True
            self._local.depth = depth + 1
            yield self.conn
        except BaseException:
            if depth == 0:
                if ours and self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
            elif opened:  # else the outer transaction, which the exception reaches, rolls it back
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

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting up to the store's timeout for the write lock. With on_lock_wait, the wait is
        cut in two (SQLite's busy handler, which knows a wait has begun, is not exposed to Python): a first try
        of LOCK_NOTICE_AFTER seconds, then on_lock_wait, then the rest of the wait."""
        if self.on_lock_wait is None or self.timeout <= LOCK_NOTICE_AFTER:
            self.conn.execute("BEGIN IMMEDIATE")
            return
        try:
            self._busy_timeout(LOCK_NOTICE_AFTER)
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if not _is_locked(exc):
                    raise
            self.on_lock_wait(self.timeout - LOCK_NOTICE_AFTER)
            self._busy_timeout(self.timeout - LOCK_NOTICE_AFTER)
            self.conn.execute("BEGIN IMMEDIATE")
        finally:
            self._busy_timeout(self.timeout)

    def _busy_timeout(self, seconds: float) -> None:
        self.conn.execute(f"PRAGMA busy_timeout = {int(seconds * 1000)}")

    def rows(self, sql: str, params: Any = ()) -> list[dict[str, Any]]:
        """Run a query and return its rows as dicts (a column name that repeats gets ``_2``, ``_3``...)."""
        cursor = self._query(sql, params)
        keys = _unique_keys(d[0] for d in cursor.description)
        return [dict(zip(keys, row)) for row in cursor]

    def row(self, sql: str, params: Any = ()) -> dict[str, Any] | None:
        """Run a query and return its first row as a dict, or None."""
        cursor = self._query(sql, params)
        keys = _unique_keys(d[0] for d in cursor.description)
        first = cursor.fetchone()
        return dict(zip(keys, first)) if first is not None else None

    def _query(self, sql: str, params: Any) -> sqlite3.Cursor:
        cursor = self.conn.execute(sql, params)
        if cursor.description is None:
            raise ValueError("rows() and row() are for SQL that returns rows; use conn.execute for the rest")
        return cursor

    def scalar(self, sql: str, params: Any = ()) -> Any:
        """Run a query and return the first column of its first row."""
        found = self.conn.execute(sql, params).fetchone()
        return found[0] if found else None


def _unique_keys(names: Iterable[str]) -> list[str]:
    """Column names made unique as sqlite-utils made them: a repeat gets ``_2``, ``_3``... (skipping any name
    already taken), so that two columns of one name never overwrite each other in a row's dict."""
    keys = list(names)
    taken = set(keys)
    if len(taken) == len(keys):
        return keys
    seen: set[str] = set()
    out = []
    for key in keys:
        if key in seen:
            suffix, new = 2, key
            while new in seen or new in taken:
                new, suffix = f"{key}_{suffix}", suffix + 1
            key = new
        seen.add(key)
        out.append(key)
    return out


def _sort_key(text: object) -> str | None:
    """``kb.text.sort_key`` for SQL: Chinese by pinyin among Latin text, case-insensitively; NULL stays NULL."""
    return None if text is None else sort_key(str(text))
