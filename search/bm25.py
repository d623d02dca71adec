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
from collections.abc import Sequence
from typing import NamedTuple

import numpy as np

TOKENIZE = "porter unicode61 remove_diacritics 2"  # chunks_fts's tokenizer (search/schema.py)
K1, B = 1.2, 0.75  # FTS5's bm25() defaults
MAX_TOKENS = 1_500_000  # above this many indexed tokens (about 15,000 chunks) postings are only ever read term by term
MAX_CACHED = 2_000_000  # postings kept (about 24 MB) when read term by term for a large collection
EAGER_AFTER = 3  # searches of one index version answered term by term before every term's postings are read
MAX_PHRASES = 1_000  # phrases whose postings are kept
MAX_TOKENISED = 50_000  # terms whose tokens are kept


class Tables(NamedTuple):
    """The FTS5 table a scorer ranks, the fts5vocab 'row' table over it, and the temporary 'instance' table it reads
    postings from (one per connection)."""

    fts: str
    vocabulary: str
    instance: str

    def create_instance(self, conn: sqlite3.Connection) -> None:
        conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{self.instance} USING fts5vocab(main, '{self.fts}', "
                     "'instance')")


KEYWORD_TABLES = Tables("chunks_fts", "chunks_vocab", "kb_chunks_instance")


class Postings(NamedTuple):
    """The rows holding a term (their positions in the scorer's row order) and each one's BM25 weight of it before
    the term's idf, ``tf * (k1 + 1) / (tf + norm)``: a row's share that depends on the row alone, computed when the
    postings are read, where each search computed it again for every row its terms match."""

    rows: np.ndarray
    weights: np.ndarray


_NONE = Postings(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float64))
_EMPTY = (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64))  # no match (shared: never written to)
for _array in _EMPTY:
    _array.flags.writeable = False


class _Version:
    """What the scorer knows of one index version: the rows, their length normalisers, and postings."""

    def __init__(self, rowids: np.ndarray, norm: np.ndarray, eager: bool = True) -> None:
        self.rowids, self.norm, self.rows = rowids, norm, len(rowids)
        self.eager = eager  # whether every term's postings may be read at once (a small collection)
        self.small = eager  # a collection small enough to be read at once on its own (not only by a warm-up)
        self.cached = 0  # postings held in ``read``
        self.read: dict[tuple[str, ...], Postings] = {}  # read term by term (and every phrase)
        self.terms: dict[str, int] | None = None  # every token's place in ``starts``, once all are read
        self.starts = self.positions = self.weights = _NONE.rows
        self.searches = 0


class MemoryBM25:
    """BM25 scores of the chunks' FTS5 index for OR queries, from postings in memory; one per index, shared by
    threads, reloaded when the index version changes.

    A version's first searches read their terms' postings one by one (a one-off ``kb search`` reads no more than
    it needs); from the ``EAGER_AFTER``-th on, every term's postings are read at once (about 0.1 s for the shipped
    corpus), and searches read nothing more. Collections of more than ``MAX_TOKENS`` tokens are read term by term
    only, keeping at most ``MAX_CACHED`` postings: at 102,590 chunks FTS5's ``bm25()`` costs about 3 microseconds a
    matched row (it reads each row's size from its docsize table), a keyword leg 10-30 ms, where a term read
    before costs nothing, and a term's first read (from the instance table) about what FTS5 takes.
    """

    def __init__(self, max_tokens: int = MAX_TOKENS, eager_after: int = EAGER_AFTER,
                 tables: Tables = KEYWORD_TABLES) -> None:
        self.max_tokens, self.eager_after, self.tables = max_tokens, eager_after, tables
        self._lock = threading.Lock()
        self._version: object = None
        self._state: _Version | None = None
        self._deferred = -1  # a large collection's searches left to FTS5 before its rows are read (-1: none)

    @property
    def ready(self) -> bool:
        """Whether every term's postings are in memory (a search then costs no reads)."""
        state = self._state
        return state is not None and state.terms is not None

    @property
    def quick(self) -> bool:
        """Whether a search is answered from memory in about a millisecond: every term's postings are in memory
        and the collection is small (search/legs.py runs such legs in line). A large collection's postings, all
        read by a warm-up, still take a few milliseconds a leg to sum over its rows: worth another core."""
        state = self._state
        return state is not None and state.terms is not None and state.small

    def refresh(self, conn: sqlite3.Connection, version: object) -> None:
        """Reload the rows' token counts (and forget every term's postings) if the index version changed."""
        if version == self._version:
            return
        large = _tokens(conn, self.tables) > self.max_tokens
        state = None if large else _row_lengths(conn, self.max_tokens, self.tables)
        with self._lock:
            self._state, self._version = state, version
            # a large collection's rows (0.7 s at 100k chunks) are read only once searches come back to it, so a
            # one-off ``kb search`` does not pay for them
            self._deferred = self.eager_after if large else -1

    def load_all(self, conn: sqlite3.Connection, version: object) -> bool:
        """Every term's postings now, whatever the collection's size: a server's warm-up (search/warm.py) pays
        once, before its first request, what its searches would otherwise pay term by term (at 102,590 chunks,
        7.9 million postings: about 95 MB, read in 15-20 s). True if they are in memory; the scores are the
        same either way."""
        self.refresh(conn, version)
        with self._lock:
            state = self._state if self._state is not None else _row_lengths(conn, 0, self.tables)
            if state is None:
                return False
            if state.terms is None:
                _read_all(conn, state, self.tables)
            if state.terms is not None:
                state.eager = True  # nothing is left to read term by term, or to evict
            self._state, self._deferred = state, -1
            return state.terms is not None

    def top(self, conn: sqlite3.Connection, terms: Sequence[str], limit: int) -> list[tuple[int, float]] | None:
        """What ``SELECT rowid, -rank FROM chunks_fts WHERE chunks_fts MATCH <terms OR-ed> ORDER BY rank LIMIT
        limit`` returns: (chunk id, score) pairs, best first, equal scores by ascending id. None when only FTS5 can
        answer (a large collection, a term with no token, or rows the index gained since the last refresh)."""
        found = self.top_arrays(conn, terms, limit)
        return None if found is None else list(zip(found[0].tolist(), found[1].tolist()))

    def top_arrays(self, conn: sqlite3.Connection, terms: Sequence[str],
                   limit: int) -> tuple[np.ndarray, np.ndarray] | None:
        """``top`` as arrays: the chunk ids (int64) and their scores (float64), best first."""
        if not terms:
            return _EMPTY
        state = self._state  # one version, whatever another thread does
        if state is None and self._deferred >= 0:
            state = self._load_deferred(conn)
        if state is None or not state.rows:
            return None
        self._count_search(conn, state)
        rows = state.rows
        places, weights, idfs = [], [], []
        for tokens in tokenise(terms):
            postings = self._postings(conn, state, tokens) if tokens else None
            if postings is None:
                return None
            hits = len(postings.rows)
            if hits:
                idf = math.log((float(rows - hits) + 0.5) / (hits + 0.5))
                places.append(postings.rows)
                weights.append(postings.weights)
                idfs.append(idf if idf > 0.0 else 1e-6)
        if not places:
            return _EMPTY
        at, weight = np.concatenate(places), np.concatenate(weights)
        idf = np.repeat(np.array(idfs, dtype=np.float64), [len(p) for p in places])
        # Each row's terms summed in the query's order, as FTS5 sums them (bincount adds in input order).
        scores = np.bincount(at, weights=idf * weight, minlength=rows)
        # A matched row's score is above 0 (every term's idf and weight are), an unmatched one's exactly 0: no
        # second count of the postings is needed to tell them apart.
        found = np.flatnonzero(scores > 0)  # a comparison first: nonzero on the floats themselves is slower
        if len(found) > limit:
            # the limit best (ties broken by id, as FTS5's sort keeps its rowid order), without sorting them all
            cut = np.partition(-scores[found], limit - 1)[limit - 1]
            found = found[-scores[found] <= cut]
        best = found[np.lexsort((found, -scores[found]))[:limit]]
        return state.rowids[best], scores[best]

    def holding(self, conn: sqlite3.Connection, terms: Sequence[str], chunk_ids: Sequence[int]) -> set[int] | None:
        """Those of ``chunk_ids`` that hold every term: what ``SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH
        <terms AND-ed>`` finds among them, from the postings in memory (a term's rows are in row order, so each chunk
        is looked up, not each posting read). None when only FTS5 can answer: not every term's postings are in
        memory (a server's warm-up reads them), a term has no token, or a chunk or a posting is of a row the index
        gained since the last refresh."""
        state = self._state
        if state is None or state.terms is None or not state.rows:
            return None
        ids = np.fromiter(chunk_ids, dtype=np.int64, count=len(chunk_ids))
        at = np.minimum(np.searchsorted(state.rowids, ids), state.rows - 1)
        if not np.array_equal(state.rowids[at], ids):
            return None
        held = np.ones(len(ids), dtype=bool)
        for tokens in tokenise(terms):
            postings = self._postings(conn, state, tokens) if tokens else None
            if postings is None:
                return None
            rows = postings.rows
            if not len(rows):
                return set()
            held &= rows[np.minimum(np.searchsorted(rows, at), len(rows) - 1)] == at
        return set(ids[held].tolist())

    def _load_deferred(self, conn: sqlite3.Connection) -> _Version | None:
        """A large collection's rows, read at its ``eager_after``-th search (None before: FTS5 answers)."""
        with self._lock:
            if self._state is not None or self._deferred < 0:
                return self._state
            if self._deferred > 0:
                self._deferred -= 1
                return None
            self._state, self._deferred = _row_lengths(conn, self.max_tokens, self.tables), -1
            return self._state

    def _count_search(self, conn: sqlite3.Connection, state: _Version) -> None:
        """Count a search; at the ``eager_after``-th, read every term's postings."""
        with self._lock:
            state.searches += 1
            if state.eager and state.terms is None and state.searches == self.eager_after + 1:
                _read_all(conn, state, self.tables)  # once: if the reads disagree, term by term it stays

    def _postings(self, conn: sqlite3.Connection, state: _Version, tokens: tuple[str, ...]) -> Postings | None:
        if len(tokens) == 1 and state.terms is not None:
            at = state.terms.get(tokens[0])
            if at is None:
                return _NONE
            start, end = state.starts[at], state.starts[at + 1]
            return Postings(state.positions[start:end], state.weights[start:end])
        found = state.read.get(tokens)
        if found is None:
            found = _read_postings(conn, tokens, state, self.tables)
            if found is not None and (len(tokens) == 1 or len(state.read) < MAX_PHRASES):
                if not state.eager and state.cached + len(found.rows) > MAX_CACHED:
                    state.read.clear()  # bounded memory; the terms in use come back soon after
                    state.cached = 0
                state.read[tokens] = found
                state.cached += len(found.rows)
        return found


def _tokens(conn: sqlite3.Connection, tables: Tables) -> int:
    """The tokens FTS5's averages record counts (0 before anything is committed)."""
    record = conn.execute(f"SELECT block FROM {tables.fts}_data WHERE id = 1").fetchone()
    try:
        return _varint(record[0], _varint(record[0])[1])[0]
    except (TypeError, IndexError):
        return 0


def _row_lengths(conn: sqlite3.Connection, max_tokens: int, tables: Tables) -> _Version | None:
    """Every row's id and BM25 length normaliser, as FTS5 keeps them (its docsize table and its averages record);
    None for an index not yet written. Above ``max_tokens`` tokens, postings are read term by term only."""
    record = conn.execute(f"SELECT block FROM {tables.fts}_data WHERE id = 1").fetchone()
    try:
        rows, at = _varint(record[0])
        tokens = _varint(record[0], at)[0]
    except (TypeError, IndexError):  # no averages record yet (nothing committed): FTS5 answers
        return None
    if not rows:
        return None
    ids, lengths = [], []
    for rowid, size in conn.execute(f"SELECT id, sz FROM {tables.fts}_docsize ORDER BY id"):
        ids.append(rowid)
        lengths.append(_varint(size)[0] if size else 0)
    if len(ids) != rows:
        return None
    avgdl = float(tokens) / float(rows)
    length = np.array(lengths, dtype=np.float64)
    return _Version(np.array(ids, dtype=np.int64), K1 * (1 - B + B * length / avgdl), eager=tokens <= max_tokens)


def _read_all(conn: sqlite3.Connection, state: _Version, tables: Tables) -> None:
    """Every token's postings, from the instance table (in term, row order) and the row vocabulary (each term's
    instances): one pass, where term by term would read each again. Left as it was if the two disagree (a write
    between the reads)."""
    tables.create_instance(conn)
    vocabulary = conn.execute(f"SELECT term, cnt FROM {tables.vocabulary}").fetchall()
    docs = np.fromiter((d for d, in conn.execute(f"SELECT doc FROM temp.{tables.instance}")), dtype=np.int64)
    counts = np.fromiter((c for _, c in vocabulary), dtype=np.int64, count=len(vocabulary))
    if int(counts.sum()) != len(docs):
        return
    term_of = np.repeat(np.arange(len(vocabulary), dtype=np.int64), counts)
    if len(docs):  # runs of one term in one row: a posting, its length the term's frequency there
        starts = np.flatnonzero(np.concatenate([[True], (np.diff(term_of) != 0) | (np.diff(docs) != 0)]))
    else:
        starts = np.zeros(0, dtype=np.int64)
    frequencies = np.diff(np.append(starts, len(docs))).astype(np.float64)
    row_docs = docs[starts]
    at = np.searchsorted(state.rowids, row_docs)
    if len(at) and (at.max() >= state.rows or not np.array_equal(state.rowids[at], row_docs)):
        return
    state.starts = np.searchsorted(term_of[starts], np.arange(len(vocabulary) + 1))
    state.positions, state.weights = at.astype(np.int32), _weights(frequencies, state.norm[at])
    state.terms = {term: i for i, (term, _) in enumerate(vocabulary)}


def _weights(frequencies: np.ndarray, norm: np.ndarray) -> np.ndarray:
    """Each posting's BM25 weight before its term's idf, as FTS5's bm25() computes it (the same operations, so
    the same bits), from its term's frequency in the row and the row's length normaliser."""
    return (frequencies * (K1 + 1.0)) / (frequencies + norm)


def _read_postings(conn: sqlite3.Connection, tokens: tuple[str, ...], state: _Version,
                   tables: Tables) -> Postings | None:
    """A term's postings from the index (a phrase's: where its tokens stand one after another); None if it holds
    rows this scorer does not know."""
    tables.create_instance(conn)
    if len(tokens) == 1:
        pairs = conn.execute(f"SELECT doc, count(*) FROM temp.{tables.instance} WHERE term = ? GROUP BY doc",
                             [tokens[0]]).fetchall()
    else:
        pairs = _phrase_counts(conn, tokens, tables)
    if not pairs:
        return _NONE
    docs, rowids = np.array([d for d, _ in pairs], dtype=np.int64), state.rowids
    at = np.searchsorted(rowids, docs)
    if at.max() >= len(rowids) or not np.array_equal(rowids[at], docs):
        return None
    return Postings(at.astype(np.int32), _weights(np.array([n for _, n in pairs], dtype=np.float64), state.norm[at]))


def _phrase_counts(conn: sqlite3.Connection, tokens: tuple[str, ...], tables: Tables) -> list[tuple[int, int]]:
    """(row, occurrences) of a phrase: its first token at an offset, each next one at the next offset."""
    places: list[set[tuple[int, int]]] = []
    for shift, token in enumerate(tokens):
        places.append({(doc, offset - shift) for doc, offset in conn.execute(
            f"SELECT doc, offset FROM temp.{tables.instance} WHERE term = ?", [token])})
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


def tokenise(terms: Sequence[str]) -> list[tuple[str, ...]]:
    """The tokens FTS5 makes of each term (quoted, as search/segment.py's ``fts_query`` quotes it), by FTS5 itself:
    the terms not seen before in one pass through an in-memory table with the index's tokenizer."""
    known = {t: _TOKENS[t] for t in terms if t in _TOKENS}
    missing = [t for t in dict.fromkeys(terms) if t not in known]
    if missing:
        found: dict[int, list[str]] = {i: [] for i in range(len(missing))}
        with _TOKENISER_LOCK:
            if not _TOKENISER:
                conn = sqlite3.connect(":memory:", check_same_thread=False)
                # contentless: emptied with 'delete-all', where a DELETE reads and tokenises every row again
                conn.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, tokenize = '{TOKENIZE}', content = '')")
                conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
                _TOKENISER.append(conn)
            conn = _TOKENISER[0]
            conn.executemany("INSERT INTO t (rowid, body) VALUES (?, ?)", enumerate(missing))
            for row, token in conn.execute("SELECT doc, term FROM v ORDER BY doc, offset"):
                found[row].append(token)
            conn.execute("INSERT INTO t (t) VALUES ('delete-all')")
        if len(_TOKENS) + len(missing) > MAX_TOKENISED:
            _TOKENS.clear()
        for i, term in enumerate(missing):
            known[term] = _TOKENS[term] = tuple(found[i])
    return [known[t] for t in terms]
