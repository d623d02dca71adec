"""Facet counts for a result set: how many matching documents per project, tag, type, year, language,
and how many matching lessons per kind."""

from __future__ import annotations

import sqlite3
from typing import Any

from kb.text import sort_key

FACETS = ("project", "tag", "type", "kind", "year", "language")


def facet_counts(conn: sqlite3.Connection, document_ids: list[int], lesson_ids: list[int],
                 *, limit: int = 12) -> dict[str, list[tuple[str, int]]]:
    """Counts per facet value, most frequent first (ties in pinyin / alphabetical order)."""
    out: dict[str, list[tuple[str, int]]] = {name: [] for name in FACETS}
    if document_ids:
        temp = _ids_table(conn, "facet_docs", document_ids)
        for name, expr in (("project", "d.project"), ("type", "d.doc_type"), ("language", "d.language"),
                           ("year", "substr(d.date, 1, 4)")):
            rows = conn.execute(f"SELECT {expr}, count(*) FROM documents d JOIN {temp} f ON f.id = d.id"
                                f" WHERE {expr} IS NOT NULL GROUP BY {expr}").fetchall()
            out[name] = _ordered(rows, limit, by_value=name == "year")
        rows = conn.execute(f"SELECT t.label, count(DISTINCT dt.document_id) FROM document_tags dt JOIN tags t"
                            f" ON t.id = dt.tag_id JOIN {temp} f ON f.id = dt.document_id GROUP BY t.id").fetchall()
        out["tag"] = _ordered(rows, limit)
        conn.execute(f"DROP TABLE {temp}")
    if lesson_ids:
        temp = _ids_table(conn, "facet_lessons", lesson_ids)
        rows = conn.execute(f"SELECT l.kind, count(*) FROM lessons l JOIN {temp} f ON f.id = l.id"
                            " GROUP BY l.kind").fetchall()
        out["kind"] = _ordered(rows, limit)
        conn.execute(f"DROP TABLE {temp}")
    return out


def _ids_table(conn: sqlite3.Connection, name: str, ids: list[int]) -> str:
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} (id INTEGER PRIMARY KEY)")
    conn.execute(f"DELETE FROM {name}")
    conn.executemany(f"INSERT OR IGNORE INTO {name} (id) VALUES (?)", [(i,) for i in ids])
    return name


def _ordered(rows: list[Any], limit: int, *, by_value: bool = False) -> list[tuple[str, int]]:
    if by_value:
        return sorted(((str(v), int(c)) for v, c in rows), reverse=True)[:limit]
    return sorted(((str(v), int(c)) for v, c in rows), key=lambda vc: (-vc[1], sort_key(vc[0])))[:limit]
