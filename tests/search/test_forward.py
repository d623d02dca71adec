"""search/forward.py: the forward index answers for chunks it does not know, even when it holds none at all."""

from __future__ import annotations

import sqlite3

import numpy as np

from search.forward import ChunkFacts


def _facts(rows: list[tuple]) -> ChunkFacts:
    conn = sqlite3.connect(":memory:")
    conn.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, language TEXT);"
                       "CREATE TABLE lessons (id INTEGER PRIMARY KEY, text_hash TEXT);"
                       "CREATE TABLE chunks (id INTEGER PRIMARY KEY, document_id INTEGER, kind TEXT, lesson_id INTEGER);")
    for chunk_id, document_id, language in rows:
        conn.execute("INSERT OR IGNORE INTO documents VALUES (?, ?)", [document_id, language])
        conn.execute("INSERT INTO chunks VALUES (?, ?, 'section', NULL)", [chunk_id, document_id])
    facts = ChunkFacts()
    facts.refresh(conn, version=len(rows))
    return facts


def test_an_empty_forward_index_knows_no_chunk():
    for facts in (ChunkFacts(), _facts([])):
        assert len(facts) == 0
        assert facts.document_ids([3, 7]) == [None, None]
        assert facts.document_codes([3, 7]).tolist() == [-1, -1]
        assert facts.language_codes(np.array([3, 7])).tolist() == [-1, -1]
        assert facts.get([3, 7]) == {} and facts.languages([3, 7]) == {}
        assert facts.document_ids([]) == []


def test_document_ids_align_with_the_ids_asked():
    facts = _facts([(10, 1, "zh"), (11, 1, "zh"), (20, 2, "en")])
    assert facts.document_ids([20, 5, 10, 99, 11]) == [2, None, 1, None, 1]
