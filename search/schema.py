"""Tables the search index keeps in the store's SQLite file (migrations named ``search_*``)."""

from __future__ import annotations

import re
import sqlite3
import unicodedata

from kb.migrations import migrate, pending, sql_migration
from kb.text import fold_traditional
from search.chunks import ROW_CELLS
from search.segment import MIN_WORD, index_text

CHUNKS = """
CREATE TABLE chunks (
    id INTEGER PRIMARY KEY,               -- also the FAISS id and the FTS5 rowid
    document_id INTEGER NOT NULL,         -- no foreign key: deleted documents leave orphans the sync removes
    doc_hash TEXT NOT NULL,               -- documents.content_hash this chunk was made from
    kind TEXT NOT NULL CHECK (kind IN ('lesson', 'section', 'document')),
    lesson_id INTEGER,
    section_id INTEGER,
    ordinal INTEGER NOT NULL DEFAULT 0,   -- window number within a long section
    text TEXT NOT NULL,                   -- what was embedded and indexed (with title / heading context)
    text_hash TEXT NOT NULL
);
CREATE INDEX chunks_document ON chunks(document_id);
CREATE INDEX chunks_lesson ON chunks(lesson_id);
CREATE VIRTUAL TABLE chunks_fts USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2');
CREATE TABLE embedding_cache (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL,                 -- float32, normalised
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID;
CREATE TABLE search_state (
    name TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

VOCABULARY = """
CREATE VIRTUAL TABLE chunks_vocab USING fts5vocab(chunks_fts, 'row');
"""

# Each chunk's words in the other language (search/translated_index.py), rowid = chunk id, as chunks_fts stores
# text. Made empty: an existing store's chunks are translated by its next sync, if the leg is on.
TRANSLATED = """
CREATE VIRTUAL TABLE chunks_translated USING fts5(body, tokenize = 'porter unicode61 remove_diacritics 2');
"""



def _nfkc_keyword_index(conn: sqlite3.Connection) -> None:
    """The keyword index became NFKC-normalised (full-width ＳＡＰ is indexed as SAP): re-index the chunks whose
    indexed form that changes (1.5 s at 100k chunks, once)."""
    for chunk_id, text in conn.execute("SELECT id, text FROM chunks").fetchall():
        if unicodedata.normalize("NFKC", text) != text:
            conn.execute("DELETE FROM chunks_fts WHERE rowid = ?", [chunk_id])
            conn.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [chunk_id, index_text(text)])


def _chinese_words_keyword_index(conn: sqlite3.Connection) -> None:
    """The keyword index came to hold Chinese dictionary words beside the bigrams (search/segment.py): re-index the
    chunks holding a run of Chinese of two characters or more (at 100k Chinese chunks, minutes, once)."""
    for chunk_id, text in conn.execute("SELECT id, text FROM chunks").fetchall():
        if any(len(run) >= MIN_WORD for run in _CJK_RUN.findall(unicodedata.normalize("NFKC", text))):
            conn.execute("DELETE FROM chunks_fts WHERE rowid = ?", [chunk_id])
            conn.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [chunk_id, index_text(text)])


_RARE_HAN = re.compile("[\U00020000-\U0003ffff]")


def _rare_characters_keyword_index(conn: sqlite3.Connection) -> None:
    """Chinese characters beyond U+FFFF (Extensions B to H: 𠮷, 𩸽) joined the bigram runs (search/segment.py), so a
    query of one finds it inside a word: re-index the chunks holding one (a scan, once)."""
    for chunk_id, text in conn.execute("SELECT id, text FROM chunks").fetchall():
        if _RARE_HAN.search(unicodedata.normalize("NFKC", text)):
            conn.execute("DELETE FROM chunks_fts WHERE rowid = ?", [chunk_id])
            conn.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [chunk_id, index_text(text)])


def _table_windows(conn: sqlite3.Connection) -> None:
    """Sections with a table longer than a window came to be windowed at its rows (search/chunks.py
    ``section_windows``): mark the chunks of every document with a table row in a section chunk out of date, so the
    next sync chunks them again (unchanged chunk texts keep their vectors; only changed windows are embedded)."""
    conn.execute("UPDATE chunks SET doc_hash = '' WHERE document_id IN (SELECT document_id FROM chunks"
                 " WHERE kind = 'section' AND instr(text, ?) > 0)", [ROW_CELLS])


def _traditional_keyword_index(conn: sqlite3.Connection) -> None:
    """Traditional Chinese came to be indexed as Simplified (search/segment.py ``normal``): re-index the chunks holding
    a Traditional character, and drop their document-side translations, which now read it (the next sync makes them
    again, as it does a new chunk's). A scan, once; Simplified chunks are not touched."""
    for chunk_id, text in conn.execute("SELECT id, text FROM chunks").fetchall():
        if fold_traditional(text) != text:
            conn.execute("DELETE FROM chunks_fts WHERE rowid = ?", [chunk_id])
            conn.execute("INSERT INTO chunks_fts (rowid, body) VALUES (?, ?)", [chunk_id, index_text(text)])
            conn.execute("DELETE FROM chunks_translated WHERE rowid = ?", [chunk_id])


SEARCH_MIGRATIONS = [("search_0001_chunks", sql_migration(CHUNKS)), ("search_0002_vocabulary", sql_migration(VOCABULARY)),
                     ("search_0003_nfkc_keyword_index", _nfkc_keyword_index),
                     ("search_0004_chinese_words_keyword_index", _chinese_words_keyword_index),
                     ("search_0005_rare_characters_keyword_index", _rare_characters_keyword_index),
                     # search_0001 made a name/value table that nothing ever wrote or read: gone, not kept "in case"
                     ("search_0006_drop_unused_search_state", sql_migration("DROP TABLE IF EXISTS search_state;")),
                     ("search_0007_chunks_translated", sql_migration(TRANSLATED)),
                     ("search_0008_chunks_translated_vocabulary", sql_migration(
                         "CREATE VIRTUAL TABLE chunks_translated_vocab USING fts5vocab(chunks_translated, 'row');")),
                     ("search_0009_table_windows", _table_windows),
                     ("search_0010_traditional_keyword_index", _traditional_keyword_index)]


def upgrade_ahead(conn: sqlite3.Connection) -> list[str]:
    """The migrations the next ``ensure_schema`` applies to upgrade the search tables (none where it makes them):
    said before they run, since some read every chunk (search_0004: minutes at 100k Chinese chunks)."""
    ahead = pending(conn, SEARCH_MIGRATIONS)
    return ahead if ahead[:1] != [SEARCH_MIGRATIONS[0][0]] else []


def ensure_schema(conn: sqlite3.Connection) -> list[str]:
    """Create or upgrade the search tables (safe to call every time); return the migrations that upgraded them now
    (none when they were made now)."""
    applied = migrate(conn, SEARCH_MIGRATIONS)
    return applied if applied[:1] != [SEARCH_MIGRATIONS[0][0]] else []
