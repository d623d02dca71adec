"""The distinct terms of the chunks that pseudo-relevance feedback reads, kept per index version.

A bilingual search takes the terms of twenty results (search/searcher.py, ``feedback_terms``) and sends the most
distinctive to two keyword legs. Every result seen for the first time costs its segmentation, and each of its
terms not seen before its document frequency (an English word stemmed in Python) and its FTS5 tokens: on the
shipped corpus, a search whose results were new took about 10 ms of CPU more than one whose results had been seen
(BENCHMARKS.md, "Hybrid against plain baselines"). These are statistics of the collection, not of the query: in a
bilingual collection of at most ``WARM_CHUNKS`` chunks whose BM25 postings are all in memory (search/bm25.py,
from its fourth search on), every chunk's terms are taken once per index version, with their document
frequencies and tokens (about 1 s of CPU for the corpus's 1,881 chunks and 18,000 terms on the 2-core machine);
elsewhere the last ``RECENT_TEXTS`` texts seen are kept, as before.
"""

from __future__ import annotations

import functools
import math
import sqlite3
import threading
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from search.bm25 import tokenise
from search.segment import distinct_terms

if TYPE_CHECKING:
    from search.keyword import Vocabulary

WARM_CHUNKS = 4_000  # collections of at most this many chunks get every chunk's terms at once
RECENT_TEXTS = 1_024  # texts whose terms are kept otherwise (the best results of one search come back in the next)


class _Table(NamedTuple):
    """Every chunk's terms as numbers: the terms sorted (a term's number is its place), each text's term numbers,
    and each term's document frequency and log(chunks / frequency), as ``Searcher.feedback_terms`` weighs it."""

    total: int
    terms: list[str]
    numbers: dict[str, np.ndarray]
    frequencies: np.ndarray
    logs: np.ndarray


class TermSets:
    """Each chunk text's distinct terms (``search.segment.distinct_terms``), for feedback."""

    def __init__(self) -> None:
        self._table: _Table | None = None  # every chunk's terms, of the version warmed
        self._version: object = None
        self._lock = threading.Lock()

    def of(self, text: str) -> frozenset[str]:
        """A text's distinct terms (kept for the last ``RECENT_TEXTS`` texts)."""
        return _recent(text)

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
                every = {text: distinct_terms(text) for text, in conn.execute("SELECT text FROM chunks")}
                table = _table(every, vocabulary)
                tokenise(table.terms)
            self._table, self._version = table, version


def _table(every: dict[str, frozenset[str]], vocabulary: Vocabulary) -> _Table:
    terms = sorted(frozenset().union(*every.values()))
    number = {term: i for i, term in enumerate(terms)}.__getitem__
    numbers = {text: np.fromiter(map(number, found), dtype=np.int32, count=len(found)) for text, found in every.items()}
    frequencies = vocabulary.dfs(terms)
    total = max(vocabulary.size, 1)
    logs = [math.log(total / found) if found > 0 else 0.0 for found in frequencies]  # math.log, as the loop's
    return _Table(total, terms, numbers, np.array(frequencies, dtype=np.int64), np.array(logs, dtype=np.float64))


@functools.lru_cache(maxsize=RECENT_TEXTS)
def _recent(text: str) -> frozenset[str]:
    return distinct_terms(text)


__all__ = ["RECENT_TEXTS", "WARM_CHUNKS", "TermSets"]
