"""BM25 keyword search over the chunks' FTS5 index; user text never reaches FTS5 unquoted."""

from __future__ import annotations

import sqlite3

from search.segment import fts_query, query_terms


def keyword_search(conn: sqlite3.Connection, query: str, *, limit: int, where: str = "",
                   params: list[object] | None = None) -> list[tuple[int, float]]:
    """Chunk ids and BM25 scores (higher is better) for a query, best first.

    Args:
        conn: the store's connection.
        query: what the user typed; it is segmented, quoted term by term, and OR-ed.
        limit: how many chunks at most.
        where: extra SQL conditions on ``c`` (chunks) and ``d`` (documents) for filters.
        params: parameters of ``where``.
    """
    terms = query_terms(query)
    if not terms:
        return []
    sql = ("SELECT c.id, -bm25(chunks_fts) AS score FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid"
           " JOIN documents d ON d.id = c.document_id"
           f" WHERE chunks_fts MATCH ? {('AND ' + where) if where else ''} ORDER BY bm25(chunks_fts) LIMIT ?")
    rows = conn.execute(sql, [fts_query(terms), *(params or []), limit]).fetchall()
    return [(int(i), float(s)) for i, s in rows]
