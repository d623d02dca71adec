"""Running systems over a set's queries: each one's scored run (``search.evaluate``, as ``kb eval`` scores) and
its per-query latency.

The systems take turns on each query (in an order that rotates from query to query) rather than each running the
whole set in one go: this machine's speed drifts, and other work on it comes and goes, so a system that ran
later would otherwise be timed on another machine, in effect.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from benchmarks.baseline_systems import Ranking
from benchmarks.beir_set import BeirSet
from benchmarks.stats import percentile
from kb.store import Filters
from search import Searcher, SearchQuery
from search.evaluate import DocumentRanker, ModeResult, Query, summarise, without_self

DEPTH = 100  # documents ranked per query, as kb eval


@dataclass
class System:
    """A named way from a query to its ranked documents (the query's ``self`` already left out); a system that
    is not ``scored`` is only timed."""

    name: str
    rank: Callable[[Query], Ranking]
    scored: bool = True
    fresh: Callable[[], None] | None = None  # called untimed before each query: forgets what a query left behind


@dataclass
class Measured:
    """One system's scored run and its per-query latency."""

    name: str
    result: ModeResult
    seconds: list[float] = field(default_factory=list)
    cpu_seconds: list[float] = field(default_factory=list)  # the process's CPU time (all threads) per query

    def latency(self) -> dict[str, float]:
        """p50, p95 and mean wall time, and p50 CPU time, in milliseconds."""
        ms = [s * 1000 for s in self.seconds]
        cpu = [s * 1000 for s in self.cpu_seconds]
        return {"p50_ms": round(percentile(ms, 50), 2), "p95_ms": round(percentile(ms, 95), 2),
                "mean_ms": round(sum(ms) / len(ms), 2) if ms else 0.0,
                **({"cpu_p50_ms": round(percentile(cpu, 50), 2)} if cpu else {})}


def run_systems(systems: list[System], beir: BeirSet, on_query: Callable[[int], None] | None = None) -> list[Measured]:
    """Every system on every query, taking turns; each system answers the first query once untimed (loading
    what it loads lazily) before the timed run."""
    for system in systems:
        system.rank(beir.queries[0])
    runs: dict[str, dict[str, Ranking]] = {s.name: {} for s in systems}
    seconds: dict[str, list[float]] = {s.name: [] for s in systems}
    cpu: dict[str, list[float]] = {s.name: [] for s in systems}
    for number, query in enumerate(beir.queries):
        turn = number % len(systems)
        for system in systems[turn:] + systems[:turn]:
            if system.fresh is not None:
                system.fresh()
            started, used = time.perf_counter(), time.process_time()
            ranked = system.rank(query)
            seconds[system.name].append(time.perf_counter() - started)
            cpu[system.name].append(time.process_time() - used)
            runs[system.name][query.id] = ranked
        if on_query is not None:
            on_query(number + 1)
    return [Measured(s.name, summarise(s.name, runs[s.name], beir.queries, beir.qrels) if s.scored
                     else ModeResult(s.name, {}), seconds[s.name], cpu[s.name]) for s in systems]


def baseline(name: str, rank: Callable[[str, int], Ranking], depth: int = DEPTH) -> System:
    """A baseline: its ``depth`` + 1 best documents, less the query's own."""
    return System(name, lambda query: list(without_self(rank(query.text, depth + 1), query.origin))[:depth])


def ours(name: str, searcher: Searcher, mode: str, ranker: DocumentRanker, depth: int = DEPTH) -> System:
    """Our search in one mode, ranked as ``kb eval`` ranks it."""
    return System(name, lambda query: ranker.rank(searcher, query.text, mode, depth, origin=query.origin),
                  fresh=fresh_queries(searcher))


def page(name: str, searcher: Searcher, mode: str) -> System:
    """Our search as the search page runs it (a page of ten documents with snippets): timed only."""

    def search(query: Query) -> Ranking:
        searcher.search(SearchQuery(query.text, mode=mode, filters=Filters(include_hidden=False)))
        return []

    return System(name, search, scored=False, fresh=fresh_queries(searcher))


def fresh_queries(searcher: Searcher) -> Callable[[], None]:
    """Each query timed as a new one: the embedder keeps the last queries' vectors (search/embedder.py
    ``QUERY_CACHE``), so our modes taking turns on one query would otherwise embed it once for all of them."""
    return lambda: searcher.index.embedder().forget_queries()


def rounded(metrics: dict[str, float]) -> dict[str, float]:
    """Metrics to four places, for JSON."""
    return {k: round(v, 4) for k, v in metrics.items()}
