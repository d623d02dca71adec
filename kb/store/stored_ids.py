"""The store's document row ids in memory, read again after any write (search asks which of its documents are
still stored at every query: a count over a few hundred ids was 5 % of a hybrid search at 100k chunks, s-lat39)."""

from __future__ import annotations

import sqlite3


def change_marker(conn: sqlite3.Connection) -> tuple[int, int]:
    """What changes with every write to the database: a commit by another connection (``PRAGMA data_version``) or
    any change by this one (``total_changes``, which a rollback does not take back)."""
    return conn.execute("PRAGMA data_version").fetchone()[0], conn.total_changes


class StoredIds:
    """One connection's view of which document row ids the store holds, kept until the database changes."""

    def __init__(self) -> None:
        self._held: tuple[tuple[int, int], frozenset[int]] | None = None  # (change marker, the ids), replaced whole

    def ids(self, conn: sqlite3.Connection) -> frozenset[int]:
        """Every document row id, read again when ``change_marker`` says the database changed since the last read."""
        marker = change_marker(conn)
        held = self._held
        if held is None or held[0] != marker:
            held = (marker, frozenset(r[0] for r in conn.execute("SELECT id FROM documents")))
            self._held = held
        return held[1]


__all__ = ["StoredIds", "change_marker"]
