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
import sqlite3
import threading
from typing import TYPE_CHECKING

from search.bm25 import tokenise
from search.segment import distinct_terms

if TYPE_CHECKING:
    from search.keyword import Vocabulary

WARM_CHUNKS = 4_000  # collections of at most this many chunks get every chunk's terms at once
RECENT_TEXTS = 1_024  # texts whose terms are kept otherwise (the best results of one search come back in the next)


class TermSets:
    """Each chunk text's distinct terms (``search.segment.distinct_terms``), for feedback."""

    def __init__(self) -> None:
        self._every: dict[str, frozenset[str]] = {}  # text -> terms, for every chunk of the version warmed
        self._version: object = None
        self._lock = threading.Lock()

    def of(self, text: str) -> frozenset[str]:
        """A text's distinct terms."""
        found = self._every.get(text)
        return found if found is not None else _recent(text)

    def warm(self, conn: sqlite3.Connection, version: object, vocabulary: Vocabulary) -> None:
        """Once per index version, for a collection of at most ``WARM_CHUNKS`` chunks: every chunk's terms, and
        each term's document frequency and FTS5 tokens (kept by ``vocabulary`` and ``search.bm25.tokenise``)."""
        if version == self._version:
            return
        with self._lock:
            if version == self._version:
                return
            every: dict[str, frozenset[str]] = {}
            if 0 < vocabulary.size <= WARM_CHUNKS:
                every = {text: distinct_terms(text) for text, in conn.execute("SELECT text FROM chunks")}
                terms = sorted(frozenset().union(*every.values()))
                vocabulary.dfs(terms)
                tokenise(terms)
            self._every, self._version = every, version


@functools.lru_cache(maxsize=RECENT_TEXTS)
def _recent(text: str) -> frozenset[str]:
    return distinct_terms(text)


__all__ = ["RECENT_TEXTS", "WARM_CHUNKS", "TermSets"]
