"""One query's legs: where they search, the keyword queries they send, and the chunk ids each one ranked.

Keyword legs that FTS5 ranks run on their own SQLite connections in a small pool, so FTS5 works on one core while
the query is embedded and the vectors searched on the other; ``wait`` and ``finish`` collect them. Where the
in-memory BM25 (search/bm25.py) has every term's postings of a small collection, a leg costs about a millisecond
and runs in line.
"""

from __future__ import annotations

import sqlite3
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from search.id_fusion import Support, fuse_ids, standardised_ids
from search.keyword import keyword_ranked
from search.ranked import FusedRanking, Ranked

if TYPE_CHECKING:
    from kb.settings import Settings
    from kb.store import Store
    from search.bm25 import MemoryBM25
    from search.keyword import Vocabulary

EXPANSION_TERMS = 20  # terms kept in a translated or feedback query
EXPANSION_BUDGET = 0.5  # share of the postings budget a translated or feedback query gets
LEG_ORDER = ("semantic", "keyword", "translated", "feedback", "cross_feedback")  # fusion's order (ties)
_POOL = ThreadPoolExecutor(max_workers=2, thread_name_prefix="kb-search")


@dataclass
class Scope:
    """Where a query's legs search: an SQL condition on ``c`` (chunks) and ``d`` (documents) with its parameters,
    the chunk ids it allows if they are known (sorted), and chunks never returned (those holding a hidden lesson's
    text, search/visibility.py; for searches without a condition)."""

    where: str = ""
    params: list[Any] = field(default_factory=list)
    allowed: np.ndarray | None = None
    hidden: set[int] = field(default_factory=set)


class Legs:
    """Each leg's ranking of one query (``ranked``: chunk ids and scores as arrays), some of them still running in
    the pool."""

    def __init__(self, store: Store, vocabulary: Vocabulary, settings: Settings, scope: Scope, depth: int,
                 scorer: MemoryBM25 | None = None) -> None:
        self.store = store
        self.scorer = scorer
        self.vocabulary = vocabulary
        self.settings = settings
        self.scope = scope
        self.depth = depth
        self.ranked: dict[str, Ranked] = {}
        self.vector: np.ndarray | None = None  # the query's embedding, once the semantic leg has it
        self._pending: dict[str, Future[Ranked]] = {}

    def put(self, name: str, ranked: Ranked | list[tuple[int, float]]) -> None:
        """Leg ``name``'s ranking, best first (as arrays, or (chunk id, score) pairs)."""
        self.ranked[name] = ranked if isinstance(ranked, Ranked) else Ranked.of(ranked)

    @property
    def found(self) -> dict[str, list[int]]:
        """Each leg's chunk ids, best first (made for the caller: the relevance floor's evidence)."""
        return {name: ranked.ids.tolist() for name, ranked in self.ranked.items()}

    @property
    def scored(self) -> dict[str, list[tuple[int, float]]]:
        """Each leg's (chunk id, score) pairs, best first (made for the caller)."""
        return {name: ranked.pairs() for name, ranked in self.ranked.items()}

    def keyword(self, query: str, *, expansion: bool = False, conn: sqlite3.Connection | None = None) -> list[int]:
        """A keyword search in this scope, on the store's connection unless given another. Expansion queries
        (translations, feedback terms) keep only their most distinctive terms, within half the postings budget."""
        return [i for i, _ in self.keyword_scored(query, expansion=expansion, conn=conn)]

    def keyword_scored(self, query: str, *, expansion: bool = False,
                       conn: sqlite3.Connection | None = None) -> list[tuple[int, float]]:
        """``keyword``'s chunk ids with their BM25 scores."""
        return self.keyword_ranked(query, expansion=expansion, conn=conn).pairs()

    def keyword_ranked(self, query: str, *, expansion: bool = False,
                       conn: sqlite3.Connection | None = None) -> Ranked:
        """``keyword_scored`` as arrays."""
        share = self.settings.common_term_share / (2.5 if expansion else 1)
        postings = self.settings.keyword_postings
        budget = None if not postings else int(postings * EXPANSION_BUDGET) if expansion else postings
        scope = self.scope
        return keyword_ranked(conn or self.store.conn, query, limit=self.depth, where=scope.where,
                              params=scope.params, vocabulary=self.vocabulary, common_share=share,
                              max_terms=EXPANSION_TERMS if expansion else None,
                              exclude=scope.hidden, max_postings=budget, allowed=scope.allowed,
                              scorer=self.scorer,
                              postings_per_term=0 if expansion else self.settings.keyword_postings_per_term)

    def start(self, name: str, query: str, *, expansion: bool) -> None:
        """Run leg ``name``'s keyword query in the pool, on a connection of its own (so SQLite can use the other
        core meanwhile); an empty query makes an empty leg.

        Args:
            expansion: a translated or feedback query (see ``keyword``), not the user's own.
        """
        if not query:
            self.put(name, Ranked.empty())
            return
        if self.scorer is not None and self.scorer.quick:
            # Answered from memory in about a millisecond: handing it to the pool costs more than it saves (on
            # a loaded machine, the hand-off alone). It still waits to be collected, as a pooled leg would.
            done: Future[Ranked] = Future()
            done.set_result(self.keyword_ranked(query, expansion=expansion))
            self._pending[name] = done
            return
        self._pending[name] = _POOL.submit(self._on_own_connection, query, expansion)

    def wait(self, *names: str) -> None:
        """Collect these legs, if they are running."""
        for name in names:
            if name in self._pending:
                self.put(name, self._pending.pop(name).result())

    def finish(self) -> None:
        """Collect every leg still running."""
        self.wait(*list(self._pending))

    def fuse(self, weights: dict[str, float], *, by_score: bool = False, limit: int | None = None,
             support: Support | None = None, spreads: dict[str, float] | None = None) -> FusedRanking:
        """The legs found so far, fused by rank (the first ``limit`` items, if given), or by their standardised
        scores (``search.hybrid``). The legs are fused in a fixed order (``LEG_ORDER``), whichever finished first:
        the order decides between equal scores. ``support`` (rank fusion only): each document's second-best chunk
        lends its chunks part of its score (search/support.py). ``spreads`` (score fusion only): legs standardised
        by a deviation measured on the collection (search/calibration.py)."""
        names = sorted(self.ranked, key=_leg_position)
        if by_score:
            return standardised_ids({name: self.ranked[name] for name in names}, weights, spreads=spreads)
        return fuse_ids({name: self.ranked[name].ids for name in names}, weights, k=self.settings.rrf_k,
                        limit=limit, support=support)  # reciprocal_rank_fusion's answer, for chunk ids

    def _on_own_connection(self, query: str, expansion: bool) -> Ranked:
        return self.keyword_ranked(query, expansion=expansion, conn=self.store.thread_reader())


def _leg_position(name: str) -> int:
    return LEG_ORDER.index(name) if name in LEG_ORDER else len(LEG_ORDER)
