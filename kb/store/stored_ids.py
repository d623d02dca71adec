"""What search reads of the store at every query, held in memory until the database changes: the document row ids
(which of its documents are still stored: a count over a few hundred ids was 5 % of a hybrid search at 100k chunks,
s-lat39) and the collection's search stamp (``Store.search_stamp``, four subqueries: s-lat40)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


def change_marker(conn: sqlite3.Connection) -> tuple[int, int]:
    """What changes with every write to the database: a commit by another connection (``PRAGMA data_version``) or
    any change by this one (``total_changes``, which a rollback does not take back)."""
    return conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes


def document_ids(conn: sqlite3.Connection) -> frozenset[int]:
    """Every document row id the database holds now."""
    return frozenset(r[0] for r in conn.execute("SELECT id FROM documents"))


def search_stamp(conn: sqlite3.Connection) -> tuple[object, ...]:
    """The collection's search stamp as the database holds it now (``Store.search_stamp`` says what it marks)."""
    return tuple(conn.execute(
        "SELECT (SELECT epoch FROM feed_epoch), (SELECT seq FROM sqlite_sequence WHERE name = 'lesson_changes'),"
        " (SELECT max(id) FROM documents), (SELECT count(*) FROM documents)").fetchone())


class UntilChange(Generic[T]):
    """One connection's reading of something, kept until ``change_marker`` says the database changed."""

    def __init__(self, read: Callable[[sqlite3.Connection], T]) -> None:
        self._read = read
        self._held: tuple[tuple[int, int], T] | None = None  # (change marker, the value), replaced whole

    def get(self, conn: sqlite3.Connection) -> T:
        """The value read from ``conn``, read again when the database changed since the last read."""
        marker = change_marker(conn)
        held = self._held
        if held is None or held[0] != marker:
            held = (marker, self._read(conn))
            self._held = held
        return held[1]


__all__ = ["UntilChange", "change_marker", "document_ids", "search_stamp"]
