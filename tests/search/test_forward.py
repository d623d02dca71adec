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


def _facts_with_lessons() -> ChunkFacts:
    conn = sqlite3.connect(":memory:")
    conn.executescript("CREATE TABLE documents (id INTEGER PRIMARY KEY, language TEXT);"
                       "CREATE TABLE lessons (id INTEGER PRIMARY KEY, text_hash TEXT);"
                       "CREATE TABLE chunks (id INTEGER PRIMARY KEY, document_id INTEGER, kind TEXT, lesson_id INTEGER);"
                       "INSERT INTO documents VALUES (1, 'zh'), (2, 'en');"
                       "INSERT INTO lessons VALUES (7, 'ab12cd34ef56ab78aa'), (8, 'ab12cd34ef56ab78aa'), (9, 'ffee00');"
                       "INSERT INTO chunks VALUES (10, 1, 'lesson', 7), (11, 1, 'section', NULL), (20, 2, 'lesson', 8),"
                       " (21, 2, 'lesson', 9);")
    facts = ChunkFacts()
    facts.refresh(conn, version=1)
    return facts


def test_columns_say_what_get_says_aligned_with_the_ids_asked():
    # The search's candidates are built from these columns (search/assembly.py), so they must agree with get():
    # the same document, kind and lesson, and lesson hashes equal exactly where get's are.
    facts = _facts_with_lessons()
    asked = [21, 5, 10, 11, 99, 20]
    known, documents, kinds, lessons, hashes = facts.columns(asked)
    rows = facts.get(asked)
    assert known == [i in rows for i in asked] == [True, False, True, True, False, True]
    for i, ok, document, kind, lesson, digest in zip(asked, known, documents, kinds, lessons, hashes):
        if ok:
            row = rows[i]
            assert (document, kind, lesson if lesson >= 0 else None) == row[:3]
            assert (digest == 0) == (row[3] is None)
    assert hashes[asked.index(10)] == hashes[asked.index(20)] != hashes[asked.index(21)]  # lessons 7 and 8: one text
    assert lessons[asked.index(11)] == -1 and hashes[asked.index(11)] == 0


def test_an_empty_forward_index_has_columns_of_nothing():
    for facts in (ChunkFacts(), _facts([])):
        known, documents, kinds, lessons, hashes = facts.columns([3, 7])
        assert known == [False, False] and len(documents) == len(kinds) == len(lessons) == len(hashes) == 2
        assert facts.columns([]) == ([], [], [], [], [])
