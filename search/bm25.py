"""FTS5's BM25 ranking of an OR of terms, computed in memory: the same scores, to the last bit, and the same order.

FTS5's ``bm25()`` scores every row that holds any term of a query. An OR of twenty terms (the translated and
feedback legs of a bilingual search) over the shipped corpus scores most of its chunks, at 4-6 ms of CPU a query,
three such queries a search. Here each term's postings (the rows that hold it and how often) are read once, from an
``fts5vocab`` instance table, and kept; the rows' token counts once per index version; and a query's scores are
summed with numpy, term by term in the query's order, with FTS5's own formula and constants (``fts5_aux.c``):

    score(row) = sum over terms of idf * (tf * (k1 + 1)) / (tf + k1 * (1 - b + b * D / avgdl))
    idf = log((N - n + 0.5) / (n + 0.5)), at least 1e-6

Terms are tokenised by FTS5 itself (an in-memory table with the index's tokenizer), so stemming and case folding are
FTS5's; a term of several tokens is a phrase, matched at consecutive offsets. ``search/keyword.py`` asks this
first and sends the query to FTS5 only when this cannot answer (a term FTS5 would read as no token at all, or a
row the index gained since the last refresh).
"""

from __future__ import annotations

import math
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

TOKENIZE = "porter unicode61 remove_diacritics 2"  # chunks_fts's tokenizer (search/schema.py)
K1, B = 1.2, 0.75  # FTS5's bm25() defaults
MAX_POSTINGS = 3_000_000  # postings kept between queries, all terms together (12 bytes each)
MAX_TOKENISED = 50_000  # terms whose tokens are kept
_INSTANCE = "temp.kb_chunks_instance"
_CREATE_INSTANCE = f"CREATE VIRTUAL TABLE IF NOT EXISTS {_INSTANCE} USING fts5vocab(main, 'chunks_fts', 'instance')"


class Postings:
    """The rows holding a term (their positions in the scorer's row order) and how often each holds it."""

    __slots__ = ("frequencies", "rows")

    def __init__(self, rows: np.ndarray, frequencies: np.ndarray) -> None:
        self.rows, self.frequencies = rows, frequencies

    def __len__(self) -> int:
        return len(self.rows)


class MemoryBM25:
    """BM25 scores of the chunks' FTS5 index for OR queries, from postings kept in memory; one per index, shared
    by threads, reloaded when the index version changes."""

    def __init__(self, max_postings: int = MAX_POSTINGS) -> None:
        self.max_postings = max_postings
        self._lock = threading.Lock()
        self._version: object = None
        self._rowids = np.zeros(0, dtype=np.int64)  # FTS5 rowids (chunk ids), ascending
        self._norm = np.zeros(0, dtype=np.float64)  # k1 * (1 - b + b * D / avgdl) per row
        self._rows = 0
        self._postings: OrderedDict[tuple[str, ...], Postings] = OrderedDict()
        self._held = 0

    def refresh(self, conn: sqlite3.Connection, version: object) -> None:
        """Reload the rows' token counts (and forget every term's postings) if the index version changed."""
        if version == self._version:
            return
        rowids, norm, rows = _row_lengths(conn)
        with self._lock:
            self._rowids, self._norm, self._rows = rowids, norm, rows
            self._postings, self._held = OrderedDict(), 0
            self._version = version

    def top(self, conn: sqlite3.Connection, terms: Sequence[str], limit: int) -> list[tuple[int, float]] | None:
        """What ``SELECT rowid, -rank FROM chunks_fts WHERE chunks_fts MATCH <terms OR-ed> ORDER BY rank LIMIT
        limit`` returns: (chunk id, score) pairs, best first, equal scores by ascending id. None when only FTS5 can
        answer (a term with no token, or rows the index gained since the last refresh)."""
        rowids, norm, rows = self._rowids, self._norm, self._rows  # one version, whatever another thread does
        if not terms:
            return []
        if not rows:
            return None
        scores = np.zeros(rows, dtype=np.float64)
        matched = np.zeros(rows, dtype=bool)
        for term in terms:
            tokens = tokenise(term)
            if not tokens:
                return None
            postings = self._term_postings(conn, tokens, rowids)
            if postings is None:
                return None
            hits = len(postings)
            idf = math.log((float(rows - hits) + 0.5) / (hits + 0.5))
            if idf <= 0.0:
                idf = 1e-6
            if not hits:
                continue
            f, at = postings.frequencies, postings.rows
            scores[at] += idf * ((f * (K1 + 1.0)) / (f + norm[at]))
            matched[at] = True
        found = np.flatnonzero(matched)
        if not len(found):
            return []
        if len(found) > limit:
            # the limit best (ties broken by id, as FTS5's sort keeps its rowid order), without sorting them all
            cut = np.partition(-scores[found], limit - 1)[limit - 1]
            found = found[-scores[found] <= cut]
        order = np.lexsort((found, -scores[found]))[:limit]
        best = found[order]
        return list(zip(rowids[best].tolist(), scores[best].tolist()))

    def _term_postings(self, conn: sqlite3.Connection, tokens: tuple[str, ...],
                       rowids: np.ndarray) -> Postings | None:
        with self._lock:
            cached = self._postings.get(tokens)
            if cached is not None:
                self._postings.move_to_end(tokens)
                return cached
        postings = _read_postings(conn, tokens, rowids)
        if postings is None:
            return None
        with self._lock:
            if self._rowids is rowids and len(postings) <= self.max_postings:
                self._postings[tokens] = postings
                self._held += len(postings)
                while self._held > self.max_postings:
                    _, gone = self._postings.popitem(last=False)
                    self._held -= len(gone)
        return postings


def _row_lengths(conn: sqlite3.Connection) -> tuple[np.ndarray, np.ndarray, int]:
    """Every row's id and BM25 length normaliser, and the row count, as FTS5 keeps them (its docsize table and
    its averages record)."""
    ids, lengths = [], []
    for rowid, size in conn.execute("SELECT id, sz FROM chunks_fts_docsize ORDER BY id"):
        ids.append(rowid)
        lengths.append(_varint(size)[0] if size else 0)
    record = conn.execute("SELECT block FROM chunks_fts_data WHERE id = 1").fetchone()
    try:
        rows, at = _varint(record[0])
        tokens = _varint(record[0], at)[0]
    except (TypeError, IndexError):  # no averages record yet (nothing committed): FTS5 answers
        rows = tokens = 0
    rowids = np.array(ids, dtype=np.int64)
    if not rows or len(rowids) != rows:
        return rowids, np.zeros(len(rowids)), 0  # an index being rebuilt: FTS5 answers
    avgdl = float(tokens) / float(rows)
    length = np.array(lengths, dtype=np.float64)
    return rowids, K1 * (1 - B + B * length / avgdl), rows


def _read_postings(conn: sqlite3.Connection, tokens: tuple[str, ...], rowids: np.ndarray) -> Postings | None:
    """A term's postings from the index (a phrase's: where its tokens stand one after another); None if it holds
    rows this scorer does not know."""
    conn.execute(_CREATE_INSTANCE)
    if len(tokens) == 1:
        pairs = conn.execute(f"SELECT doc, count(*) FROM {_INSTANCE} WHERE term = ? GROUP BY doc",
                             [tokens[0]]).fetchall()
    else:
        pairs = _phrase_counts(conn, tokens)
    if not pairs:
        return Postings(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64))
    docs = np.array([d for d, _ in pairs], dtype=np.int64)
    at = np.searchsorted(rowids, docs)
    if at.max() >= len(rowids) or not np.array_equal(rowids[at], docs):
        return None
    return Postings(at.astype(np.int32), np.array([n for _, n in pairs], dtype=np.float64))


def _phrase_counts(conn: sqlite3.Connection, tokens: tuple[str, ...]) -> list[tuple[int, int]]:
    """(row, occurrences) of a phrase: its first token at an offset, each next one at the next offset."""
    places: list[set[tuple[int, int]]] = []
    for shift, token in enumerate(tokens):
        places.append({(doc, offset - shift) for doc, offset in conn.execute(
            f"SELECT doc, offset FROM {_INSTANCE} WHERE term = ?", [token])})
    counts: dict[int, int] = {}
    for doc, _ in set.intersection(*places):
        counts[doc] = counts.get(doc, 0) + 1
    return sorted(counts.items())


def _varint(data: bytes, at: int = 0) -> tuple[int, int]:
    """SQLite's variable-length integer at ``at``: its value and where the next begins."""
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + i + 1
    return (value << 8) | data[at + 8], at + 9


_TOKENISER_LOCK = threading.Lock()
_TOKENISER: list[sqlite3.Connection] = []
_TOKENS: dict[str, tuple[str, ...]] = {}


def tokenise(term: str) -> tuple[str, ...]:
    """The tokens FTS5 makes of a term (quoted, as search/segment.py's ``fts_query`` quotes it), by FTS5 itself."""
    found = _TOKENS.get(term)
    if found is not None:
        return found
    with _TOKENISER_LOCK:
        if not _TOKENISER:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
            conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{TOKENIZE}')")
            conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
            _TOKENISER.append(conn)
        conn = _TOKENISER[0]
        conn.execute("INSERT INTO t (rowid, body) VALUES (1, ?)", [term])
        found = tuple(t for t, in conn.execute("SELECT term FROM v ORDER BY offset"))
        conn.execute("DELETE FROM t")
    if len(_TOKENS) >= MAX_TOKENISED:
        _TOKENS.clear()
    _TOKENS[term] = found
    return found
