"""The search tables' migrations: what a new store gets, and what an old one is brought to."""

from __future__ import annotations

import sqlite3

from kb.migrations import migrate
from search.schema import SEARCH_MIGRATIONS, ensure_schema


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def test_a_new_store_has_no_unused_search_state_table():
    conn = sqlite3.connect(":memory:", isolation_level=None)
    ensure_schema(conn)
    assert "search_state" not in _tables(conn)
    assert {"chunks", "chunks_fts", "embedding_cache", "chunks_vocab"} <= _tables(conn)


def test_a_store_made_before_has_its_search_state_table_dropped_and_keeps_the_rest():
    """search_state was created by the first search migration and never written or read by anything."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn, [m for m in SEARCH_MIGRATIONS if m[0] <= "search_0005"])
    conn.execute("INSERT INTO search_state VALUES ('x', 'y')")
    conn.execute("INSERT INTO embedding_cache VALUES ('m', 'h', x'00')")
    ensure_schema(conn)
    assert "search_state" not in _tables(conn)
    assert conn.execute("SELECT count(*) FROM embedding_cache").fetchone()[0] == 1
    ensure_schema(conn)  # safe to run again
    assert "search_0006_drop_unused_search_state" in {r[0] for r in conn.execute("SELECT name FROM migrations")}
