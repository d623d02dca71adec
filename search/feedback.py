"""The distinct terms of the chunks that pseudo-relevance feedback reads, kept per index version.

A bilingual search takes the terms of twenty results (search/expansion_terms.py, ``feedback_terms``) and sends the most
distinctive to two keyword legs. Every result seen for the first time costs its segmentation, and each of its
terms not seen before its document frequency (an English word stemmed in Python) and its FTS5 tokens: on the
shipped corpus, a search whose results were new took about 10 ms of CPU more than one whose results had been seen
(BENCHMARKS.md, "Hybrid against plain baselines"). These are statistics of the collection, not of the query: in a
bilingual collection of at most ``WARM_CHUNKS`` chunks whose BM25 postings are all in memory (search/bm25.py,
from its fourth search on), every chunk's terms are taken once per index version, with their document
frequencies and tokens (about 1 s of CPU for the corpus's 1,881 chunks and 18,000 terms on the 2-core machine);
elsewhere the texts seen last are kept, within ``RECENT_BYTES`` of memory in each process (each server worker keeps
its own): a text with its terms takes about 8 KB for an English chunk of 900 characters, 13 KB for a Chinese one of
170 and 170 KB for one of 4,000 (every character bigram is a term; measured on the 100k collection's chunks and the
corpus), so the earlier bound by count (1,024 texts) let it grow from ~8 MB to ~170 MB a process.
"""

from __future__ import annotations

import math
import sqlite3
import sys
import threading
from collections import OrderedDict
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from search.bm25 import tokenise
from search.segment import distinct_terms

if TYPE_CHECKING:
    from search.keyword import Vocabulary

WARM_CHUNKS = 4_000  # collections of at most this many chunks get every chunk's terms at once
# Memory the recent texts' terms may take otherwise, per process: ~2,100 English chunks of 900 characters, ~1,300
# Chinese ones of 170, ~100 of 4,000 (five searches' twenty results; the best of one come back in the next).
RECENT_BYTES = 16 * 1024 * 1024


class _Table(NamedTuple):
    """Every chunk's terms as numbers: the terms sorted (a term's number is its place), each text's term numbers,
    and each term's document frequency and log(chunks / frequency), as ``Searcher.feedback_terms`` weighs it; and
    each chunk's text by its id."""

    total: int
    terms: list[str]
    numbers: dict[str, np.ndarray]
    frequencies: np.ndarray
    logs: np.ndarray
    texts: dict[int, str]


class TermSets:
    """Each chunk text's distinct terms (``search.segment.distinct_terms``), for feedback."""

    def __init__(self) -> None:
        self._table: _Table | None = None  # every chunk's terms, of the version warmed
        self._version: object = None
        self._lock = threading.Lock()

    def of(self, text: str) -> frozenset[str]:
        """A text's distinct terms (kept for the texts seen last, within ``RECENT_BYTES``)."""
        return _recent(text)

    def texts(self, ids: list[int]) -> list[str] | None:
        """Some chunks' texts, for the version warmed (None if a chunk is not among them, or nothing is warmed): what
        the feedback leg reads of its first results, without asking SQLite for them each search."""
        table = self._table
        if table is None:
            return None
        found = [table.texts.get(i) for i in ids]
        return None if None in found else found  # type: ignore[return-value]

    def most_distinctive(self, texts: list[str], total: int, ceiling: float, limit: int) -> list[str] | None:
        """``Searcher.feedback_terms`` with arrays, for texts of the version warmed (None for any other): the
        ``limit`` terms of the highest count (texts holding them) x log(total / document frequency), among those
        whose frequency is above 0 and at most ``ceiling``; equal scores by the greater term, as sorting
        (score, term) pairs in reverse. About a fifth of the loop's cost for twenty results."""
        table = self._table
        if table is None or table.total != total:
            return None
        parts = [table.numbers.get(text) for text in texts]
        if any(part is None for part in parts):
            return None
        counts = np.bincount(np.concatenate(parts), minlength=len(table.terms))  # type: ignore[arg-type]
        present = np.flatnonzero(counts)
        frequencies = table.frequencies[present]
        kept = present[(frequencies > 0) & (frequencies <= ceiling)]
        scores = counts[kept] * table.logs[kept]  # the count times the term's log, as the loop multiplies them
        best = np.lexsort((kept, scores))[::-1][:limit]  # by score, then term (numbers are in the terms' order)
        return [table.terms[i] for i in kept[best].tolist()]

    def warm(self, conn: sqlite3.Connection, version: object, vocabulary: Vocabulary) -> None:
        """Once per index version, for a collection of at most ``WARM_CHUNKS`` chunks: every chunk's terms, and
        each term's document frequency and FTS5 tokens (kept by ``vocabulary`` and ``search.bm25.tokenise``)."""
        if version == self._version:
            return
        with self._lock:
            if version == self._version:
                return
            table = None
            if 0 < vocabulary.size <= WARM_CHUNKS:
                texts = dict(conn.execute("SELECT id, text FROM chunks").fetchall())
                every = {text: distinct_terms(text) for text in texts.values()}
                table = _table(every, vocabulary, texts)
                tokenise(table.terms)
            self._table, self._version = table, version


def _table(every: dict[str, frozenset[str]], vocabulary: Vocabulary, texts: dict[int, str]) -> _Table:
    terms = sorted(frozenset().union(*every.values()))
    number = {term: i for i, term in enumerate(terms)}.__getitem__
    numbers = {text: np.fromiter(map(number, found), dtype=np.int32, count=len(found)) for text, found in every.items()}
    frequencies = vocabulary.dfs(terms)
    total = max(vocabulary.size, 1)
    logs = [math.log(total / found) if found > 0 else 0.0 for found in frequencies]  # math.log, as the loop's
    return _Table(total, terms, numbers, np.array(frequencies, dtype=np.int64), np.array(logs, dtype=np.float64),
                  texts)


class RecentTerms:
    """Texts' distinct terms, the least recently used dropped first once they take more than ``max_bytes``."""

    ENTRY_BYTES = 200  # what keeping an entry costs beyond its text and terms (the ordered dict's node, a tuple)

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0  # bytes kept, as ``footprint`` counts them
        self._kept: OrderedDict[str, tuple[frozenset[str], int]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, text: str) -> frozenset[str]:
        with self._lock:
            kept = self._kept.get(text)
            if kept is not None:
                self._kept.move_to_end(text)
                return kept[0]
        terms = distinct_terms(text)  # outside the lock: other threads' texts need not wait
        cost = footprint(text, terms) + self.ENTRY_BYTES
        with self._lock:
            if text not in self._kept and cost <= self.max_bytes:
                self._kept[text] = (terms, cost)
                self.size += cost
                while self.size > self.max_bytes:
                    self.size -= self._kept.popitem(last=False)[1][1]
        return terms

    def __len__(self) -> int:
        return len(self._kept)


def footprint(text: str, terms: frozenset[str]) -> int:
    """Bytes a text and its set of terms take (the strings and the set; the terms counted as not shared)."""
    return sys.getsizeof(text) + sys.getsizeof(terms) + sum(map(sys.getsizeof, terms))


_recent = RecentTerms(RECENT_BYTES)


__all__ = ["RECENT_BYTES", "WARM_CHUNKS", "RecentTerms", "TermSets"]
