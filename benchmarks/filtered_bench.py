"""Searches restricted by a filter, in-process: a lesson's similar lessons and a document's similar issues (other
documents and projects only), and hybrid search with a language filter.

    .venv/bin/python benchmarks/filtered_bench.py --db /tmp/b100/kb.db --label 100k [--out FILE]

Run it on a collection kept by ``search_bench.py --keep DIR``. The lessons and documents are those of the shipped
corpus inside it (the ones readers open), taken in id order; the searches are the evaluation queries. Each call
runs once after a warm-up; a filtered search as the first of its query (nothing in the cache of unfiltered
rankings: search/relevant_cache.py), and right after its unfiltered search (the facet clicked on that page), with
that cache emptied in between and kept.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stats import percentile
from kb.settings import Settings
from kb.store import Filters, Store
from search import Searcher, SearchIndex, SearchQuery
from search.evaluate import load_queries
from search.relevant_cache import RELEVANT

CORPUS_KEYS = "d.key NOT LIKE 'llis%' AND d.key NOT LIKE 'hadoop%'"


def timed(calls: list) -> dict:
    times = []
    for call in calls:
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return figures(times)


def figures(times: list[float]) -> dict:
    return {"calls": len(times), "p50_ms": round(percentile(times, 50), 1), "p95_ms": round(percentile(times, 95), 1),
            "mean_ms": round(statistics.mean(times), 1)}


def facet_clicks(searcher: Searcher, queries: list[str], filters: Filters) -> dict:
    """Each query searched unfiltered, then filtered (the facet clicked on that page), twice: with the cache of
    unfiltered rankings emptied in between (as every filtered search ranked its query unfiltered again before the
    cache) and kept; the two in turn first, query by query, so that neither always finds the other's traces."""
    times: dict[str, list[float]] = {"emptied": [], "kept": []}
    for n, text in enumerate(queries):
        for label in ("emptied", "kept") if n % 2 == 0 else ("kept", "emptied"):
            first_search(searcher, SearchQuery(text))
            if label == "emptied":
                RELEVANT.clear()
            hits = RELEVANT.hits
            started = time.perf_counter()
            searcher.search(SearchQuery(text, filters=filters))
            times[label].append((time.perf_counter() - started) * 1000)
            assert RELEVANT.hits == hits + (label == "kept"), "the filtered search did not find what it should"
    return {f"cache {label}": figures(t) for label, t in times.items()}


def first_search(searcher: Searcher, query: SearchQuery) -> None:
    """A search as the first of its query: a filtered one ranks its unfiltered query too (search/relevant_cache.py),
    as every filtered search did before the cache."""
    RELEVANT.clear()
    searcher.search(query)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--label", required=True)
    parser.add_argument("--lessons", type=int, default=60)
    parser.add_argument("--documents", type=int, default=60)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    settings = Settings(db=args.db)
    store = Store(settings.db, create=False)
    searcher = Searcher(SearchIndex(store, settings))
    lessons = [r[0] for r in store.conn.execute(
        f"SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id WHERE {CORPUS_KEYS} ORDER BY l.id"
        " LIMIT ?", [args.lessons])]
    documents = [r[0] for r in store.conn.execute(
        f"SELECT d.key FROM documents d WHERE {CORPUS_KEYS} ORDER BY d.id LIMIT ?", [args.documents])]
    searcher.similar(lesson_id=lessons[0], limit=8)  # warm-up: model, index, forward index
    searcher.similar_to_document(documents[0])
    result = {"label": args.label, "chunks": len(searcher.index.vectors()),
              "lesson similar (limit 8)": timed([lambda i=i: searcher.similar(lesson_id=i, limit=8) for i in lessons]),
              "document similar issues": timed([lambda k=k: searcher.similar_to_document(k) for k in documents])}
    queries = [q.text for q in load_queries(Path(__file__).resolve().parent.parent / "corpus/eval/queries.jsonl")]
    for language in ("en", "zh", None):
        filters = Filters(language=[language] if language else [], include_hidden=False)
        searcher.search(SearchQuery(queries[0], filters=filters))
        result[f"hybrid search, language filter {language or 'none'}"] = timed(
            [lambda q=q, f=filters: first_search(searcher, SearchQuery(q, filters=f)) for q in queries])
    for language in ("en", "zh"):  # a facet clicked on the unfiltered page: its ranking is in the cache
        clicks = facet_clicks(searcher, queries, Filters(language=[language], include_hidden=False))
        for label, times in clicks.items():
            result[f"hybrid search, language filter {language}, after the unfiltered search, {label}"] = times
    store.close()
    text = json.dumps(result, indent=2, ensure_ascii=False)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
