"""How long a pasted text takes to search, by its length (s-paste): a results page (``Searcher.search``: ten documents
with snippets, as the search page, the CLI and the API run it) and similar past issues for it (``similar_lessons``,
as ``kb similar --text`` runs it), p50 and p95 over a set's queries cut to each length.

    KB_THREADS=1 .venv/bin/python benchmarks/paste_latency.py SET_DIR --db STORE [--lengths 500,2000,5000,10000]
                                                                           [--queries 20]

SET_DIR is a BEIR set of long queries (``benchmarks/long_sets.py``: llis-cites-dev, zh-long-dev); STORE a store that
holds its documents (as ``benchmarks/baselines.py --work`` leaves one). Only queries at least as long as a length are
timed at it, each once after one warm-up search.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.beir_set import open_set
from kb.settings import load_settings
from kb.store import Store
from search import Searcher, SearchIndex, SearchQuery
from search.long_query import searched_text


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of the values lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def timed(run: object) -> tuple[float, float]:
    """Wall and CPU milliseconds of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    run()  # type: ignore[operator]
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", type=Path)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--lengths", default="500,2000,5000,10000")
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args()
    beir = open_set(args.set)
    store = Store(args.db, create=False)
    searcher = Searcher(SearchIndex(store, load_settings(env=os.environ, db=args.db)))
    texts = [searched_text(q.text) for q in beir.queries]
    searcher.search(SearchQuery(texts[0][:200]))  # the model, the index and the dictionaries loaded
    print(f"{args.set.name}: load average {os.getloadavg()[0]:.1f}")
    print("| length | queries | page p50 / p95 (CPU p50) | similar p50 / p95 (CPU p50) |")
    print("| --- | --- | --- | --- |")
    for length in (int(n) for n in args.lengths.split(",")):
        chosen = [t[:length] for t in texts if len(t) >= length][:args.queries]
        if not chosen:
            continue
        page = [timed(lambda t=t: searcher.search(SearchQuery(t, limit=10))) for t in chosen]
        similar = [timed(lambda t=t: searcher.similar_lessons(text=t, limit=10)) for t in chosen]
        cells = [f"{percentile([w for w, _ in r], 0.5):.0f} / {percentile([w for w, _ in r], 0.95):.0f} ms "
                 f"({statistics.median(c for _, c in r):.0f})" for r in (page, similar)]
        print(f"| {length:,} | {len(chosen)} | {cells[0]} | {cells[1]} |", flush=True)
    print(f"load average at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
