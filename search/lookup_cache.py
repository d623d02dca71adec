"""Tables a cold start would otherwise rebuild, kept in one SQLite file beside the index and read a row at a time.

``kb search`` from the shell used to spend seconds building tables that never change between runs: CC-CEDICT
parsed into two dictionaries (2-5 s), the shipped translation scores read (0.5 s), the default model's tokenizer
vocabulary parsed (1-2 s). ``kb ingest`` and ``kb reindex`` write them once into ``kb-data/kb.cache/lookup.sqlite``
(search/fast_start.py says what goes in); a query then reads only the rows it asks for, each once per process.

The file records what it was made from (this format, the Python version, the sizes and times of the dictionary,
score and model files); a file made from anything else is not used, and the tables are built as before.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from kb.permissions import private_file, private_folder

FILE_NAME = "lookup.sqlite"
MEMO_LIMIT = 1_000_000  # rows remembered per table before the memo starts afresh (bounded memory)
_MISSING = object()


class CacheFile:
    """The cache's SQLite file, opened read-only; lookups from several threads share one connection."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._conn = sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
        self._lock = threading.Lock()
        self.meta: dict[str, str] = dict(self._conn.execute("SELECT key, value FROM meta").fetchall())

    @classmethod
    def open(cls, folder: Path, sources: dict[str, str]) -> CacheFile | None:
        """The cache in ``folder`` if it exists and was made from ``sources``, else None."""
        path = folder / FILE_NAME
        if not path.exists():
            return None
        try:
            cache = cls(path)
        except sqlite3.DatabaseError:
            return None  # unreadable: the tables are built the slow way, and the next ingest writes it again
        return cache if json.loads(cache.meta.get("sources", "{}")) == sources else None

    def table(self, name: str, decode: Callable[[Any], Any] = json.loads) -> LookupTable:
        """A key -> value table, values decoded by ``decode``."""
        return LookupTable(self, name, decode)

    def blob(self, name: str) -> bytes | None:
        """A value kept whole (``blobs`` of ``build``)."""
        row = self.query("SELECT value FROM blobs WHERE key = ?", [name])
        return row[0][0] if row else None

    def query(self, sql: str, params: list[Any]) -> list[tuple[Any, ...]]:
        with self._lock:
            return self._conn.execute(sql, params).fetchall()


class LookupTable:
    """A read-only mapping over one table of the cache: each key is read from the file once, when first asked."""

    def __init__(self, cache: CacheFile, name: str, decode: Callable[[Any], Any]) -> None:
        self._cache = cache
        self._sql = f"SELECT value FROM t_{name} WHERE key = ?"
        self._decode = decode
        self._memo: dict[Any, Any] = {}
        self._size = int(cache.meta.get(f"rows:{name}", "0"))

    def get(self, key: Any, default: Any = None) -> Any:
        value = self._memo.get(key, _MISSING)
        if value is _MISSING:
            rows = self._cache.query(self._sql, [key])
            value = self._decode(rows[0][0]) if rows else None
            if len(self._memo) >= MEMO_LIMIT:
                self._memo = {}
            self._memo[key] = value
        return default if value is None else value

    def __contains__(self, key: object) -> bool:
        return self.get(key) is not None

    def __getitem__(self, key: Any) -> Any:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __len__(self) -> int:
        return self._size

    def __bool__(self) -> bool:
        return self._size > 0


def sources(files: dict[str, Path | None]) -> dict[str, str]:
    """What a cache is made from: this format, the Python version, and each source file's size and time.

    Size and time, not content: hashing the 38 MB of sources in every new process costs a cold ``kb search`` 30-290
    ms by SHA-256 and 19-225 ms by CRC-32, against 0.2 ms for the stats (BENCHMARKS.md, "c-small4: the fast-start
    cache keyed on size and time"; the keyword budget is 0.7 s). So a source replaced by one of the same size and an
    older time (copied with its times kept) goes unnoticed: delete ``kb.cache`` and ``kb ingest`` writes it again.
    """
    out = {"format": "6", "python": f"{sys.version_info[0]}.{sys.version_info[1]}"}
    for name, path in sorted(files.items()):
        try:
            stat = path.stat() if path is not None else None
        except OSError:
            stat = None
        out[name] = f"{stat.st_size}:{stat.st_mtime_ns}" if stat else "-"
    return out


def build(folder: Path, made_from: dict[str, str], tables: dict[str, Iterable[tuple[Any, Any]]],
          blobs: dict[str, bytes], meta: dict[str, str] | None = None) -> None:
    """Write the cache file afresh (to a temporary name first, so readers see the old file or the new one).

    Args:
        made_from: ``sources()``, recorded so a cache made from other files is not used.
        tables: name -> (key, value) pairs; values are stored as given (text, numbers or bytes).
        blobs: name -> bytes kept whole.
        meta: more facts to record (``CacheFile.meta``).
    """
    private_folder(folder)
    tmp = folder / f"{FILE_NAME}.{os.getpid()}.partial"
    tmp.unlink(missing_ok=True)
    private_file(tmp)
    meta = {**(meta or {}), "sources": json.dumps(made_from, sort_keys=True)}
    conn = sqlite3.connect(tmp)
    try:
        with conn:
            conn.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            conn.execute("CREATE TABLE blobs (key TEXT PRIMARY KEY, value BLOB)")
            conn.executemany("INSERT INTO blobs VALUES (?, ?)", blobs.items())
            for name, rows in tables.items():
                conn.execute(f"CREATE TABLE t_{name} (key PRIMARY KEY, value) WITHOUT ROWID")
                conn.executemany(f"INSERT INTO t_{name} VALUES (?, ?)", rows)
                meta[f"rows:{name}"] = str(conn.execute(f"SELECT count(*) FROM t_{name}").fetchone()[0])
            conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        conn.execute("VACUUM")
    finally:
        conn.close()
    os.replace(tmp, folder / FILE_NAME)


def json_rows(mapping: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """A dict's items with JSON values, for ``build``."""
    return ((key, json.dumps(value, ensure_ascii=False)) for key, value in mapping.items())
