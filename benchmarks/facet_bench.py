"""Project facets against the filtered searches they lead to, on the evaluation queries (corpus/eval, eval-dev).

    KB_THREADS=1 .venv/bin/python benchmarks/facet_bench.py --db /tmp/corpus/kb.db

Run it on a store of the shipped corpus (``kb ingest corpus/``). For each query, its first four project facets as
the search page counts them (the relevant documents of the unfiltered search, per project), then the search
filtered to each project: how often the page lists as many relevant documents as its facet said, fewer, or none;
how many documents the filtered pages list; how many of the judged relevant documents of that project they list;
and the filtered search's time (in-process, the query's embedding included).
"""

from __future__ import annotations

import argparse
import collections
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.settings import Settings
from kb.store import Filters, Store
from search import Searcher, SearchIndex, SearchQuery
from search.evaluate import load_qrels, load_queries
from search.facets import facet_counts

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--facets", type=int, default=4, help="project facets per query")
    args = parser.parse_args()
    settings = Settings(db=args.db)
    store = Store(settings.db, create=False)
    searcher = Searcher(SearchIndex(store, settings))
    project = {r["key"]: r["project"] for r in store.rows("SELECT key, project FROM documents")}
    key = {r["id"]: r["key"] for r in store.rows("SELECT id, key FROM documents")}
    counts: collections.Counter[str] = collections.Counter()
    times = []
    for name in ("eval", "eval-dev"):
        qrels = load_qrels(CORPUS / name / "qrels.tsv")
        for query in load_queries(CORPUS / name / "queries.jsonl"):
            whole = searcher.search(SearchQuery(query.text, filters=Filters(include_hidden=False)))
            for value, count in facet_counts(store.conn, whole.document_ids, whole.lesson_ids)["project"][:args.facets]:
                started = time.perf_counter()
                page = searcher.search(SearchQuery(query.text, filters=Filters(project=[value], include_hidden=False)))
                times.append((time.perf_counter() - started) * 1000)
                judged = {d for d, grade in qrels.get(query.id, {}).items() if grade > 0 and project.get(d) == value}
                counts.update(facets=1, same=page.relevant == count, fewer=page.relevant < count,
                              none=count > 0 and page.relevant == 0, listed=page.relevant, judged=len(judged),
                              judged_listed=len(judged & {key[i] for i in page.document_ids}))
    print(f"{counts['facets']} project facets: the filtered page lists as many as the facet said {counts['same']}, "
          f"fewer {counts['fewer']}, none {counts['none']}; documents listed {counts['listed']:,}; judged relevant "
          f"in the project {counts['judged']}, listed {counts['judged_listed']}; filtered search p50 "
          f"{statistics.median(times):.0f} ms, mean {statistics.mean(times):.0f} ms")


if __name__ == "__main__":
    main()
