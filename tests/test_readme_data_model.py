"""README, Data model: every table of a new store, the search tables included, is named there (it named 33 of 34:
the paste box's `pasted_queries`, migration 0026, was not)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from kb.migrations import migrate
from search.schema import ensure_schema

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
# FTS5's own shadow tables (chunks_fts_data, …) are the virtual table's, not the project's.
SHADOW = re.compile(r"_(data|idx|docsize|content|config)$")


def test_every_table_is_in_the_data_model(tmp_path):
    conn = sqlite3.connect(tmp_path / "kb.db", isolation_level=None)
    migrate(conn)
    ensure_schema(conn)
    tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    conn.close()
    fts = {name for name in tables if SHADOW.search(name) and name.rsplit("_", 1)[0] in tables}
    section = README.split("\n## Data model\n", 1)[1].split("\n## ", 1)[0]
    named = set(re.findall(r"`([a-z_]+)", section))
    assert len(tables - fts) >= 30
    assert sorted(tables - fts - named) == []
