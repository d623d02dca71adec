"""Whether a filter only narrows a search's relevant documents, on the evaluation queries (corpus/eval, eval-dev).

    KB_THREADS=1 .venv/bin/python benchmarks/filter_monotony.py --db /tmp/corpus/kb.db [--kinds year,project]

Run it on a store of the shipped corpus (``kb ingest corpus/``). For each query, its relevant documents unfiltered,
R; then the query ranked with each filter of the kinds asked for (a year, and every run of two or more years, as the
page's year facet makes it when two are ticked; a project; a type, language, lesson kind or one of the ten
commonest tags), and the documents that match the filter, M(F). A filter that only narrows has R(F) = R ∩ M(F).
R(F) is taken by two rules from the same filtered ranking: the rule before u-pm2 (a document relevant by the floor
inside the filter's scope, or relevant unfiltered) and the rule after (relevant unfiltered; for a filter on
documents, those the scope's legs missed too, which it adds), which ``search()`` now follows (checked against it on the first ``--check`` queries). Counted for each rule:

- gained: a document relevant with the filter that is not relevant without it;
- lost: a document relevant without the filter that matches it, not relevant with it;
- above: filtered searches that count more relevant documents than the unfiltered one;
- nested: a run of years listing fewer relevant documents than a year (or a shorter run) inside it.
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
from search.conditions import on_documents
from search.evaluate import load_queries

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
KINDS = ("year", "project", "type", "language", "kind", "tag")
RULES = ("before", "after")


def filters_of(store: Store, kind: str) -> list[tuple[str, Filters]]:
    """Each filter of a kind, named, as the search page makes it."""
    def values(sql: str) -> list[str]:
        return [r[0] for r in store.conn.execute(sql) if r[0]]

    if kind == "year":
        years = sorted(values("SELECT DISTINCT substr(date, 1, 4) FROM documents"))
        runs = [(a, b) for i, a in enumerate(years) for b in years[i:]]
        return [(f"year {a}" + (f"-{b}" if b != a else ""), Filters(since=f"{a}-01-01", until=f"{b}-12-31",
                                                                     include_hidden=False)) for a, b in runs]
    if kind == "tag":
        tags = values("SELECT t.label FROM document_tags dt JOIN tags t ON t.id = dt.tag_id GROUP BY t.id"
                      " ORDER BY count(*) DESC LIMIT 10")
        return [(f"tag {t}", Filters(tags=[t], include_hidden=False)) for t in tags]
    column, field = {"project": ("project", "project"), "type": ("doc_type", "doc_type"),
                     "language": ("language", "language")}.get(kind, (None, "kind"))
    found = values(f"SELECT DISTINCT {column} FROM documents") if column else \
        values("SELECT DISTINCT kind FROM lessons")
    return [(f"{kind} {v}", Filters(**{field: [v]}, include_hidden=False)) for v in sorted(found)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--kinds", default="year,project", help=f"comma-separated, of {', '.join(KINDS)}")
    parser.add_argument("--check", type=int, default=3, help="queries whose filtered search() is checked")
    args = parser.parse_args()
    settings = Settings(db=args.db)
    store = Store(settings.db, create=False)
    searcher = Searcher(SearchIndex(store, settings))
    kinds = [k for k in args.kinds.split(",") if k]
    filters = {kind: filters_of(store, kind) for kind in kinds}
    matching = {name: set(store.document_ids(f)) for kind in kinds for name, f in filters[kind]}
    counts = {rule: {kind: collections.Counter() for kind in kinds} for rule in RULES}
    times: list[float] = []
    checked = 0
    queries = [q for name in ("eval", "eval-dev") for q in load_queries(CORPUS / name / "queries.jsonl")]
    for n, query in enumerate(queries):
        groups, kept = searcher.ranked_documents(SearchQuery(query.text), query.text)
        whole = {g[0].document_id for g, ok in zip(groups, kept, strict=True) if ok}
        for kind in kinds:
            found: dict[str, dict[str, set[int]]] = {rule: {} for rule in RULES}
            for name, f in filters[kind]:
                started = time.perf_counter()
                groups, kept = searcher.ranked_documents(SearchQuery(query.text, filters=f), query.text)
                times.append((time.perf_counter() - started) * 1000)
                ids = [g[0].document_id for g in groups]
                found["before"][name] = {d for d, ok in zip(ids, kept, strict=True) if ok or d in whole}
                found["after"][name] = {d for d in ids if d in whole} | (whole & matching[name] if on_documents(f) else set())
                if n < args.check:
                    shown = set(searcher.search(SearchQuery(query.text, filters=f, limit=200)).document_ids)
                    assert shown == found["after"][name], (query.text, name)
                    checked += 1
                for rule in RULES:
                    relevant, narrowed = found[rule][name], whole & matching[name]
                    gained, lost = relevant - whole, narrowed - relevant
                    counts[rule][kind].update(searches=1, gained=len(gained), lost=len(lost),
                                              above=len(relevant) > len(whole), violating=bool(gained or lost))
            if kind == "year":
                for rule in RULES:
                    counts[rule][kind].update(nested=_nested(found[rule]))
    print(f"{len(queries)} queries; filtered ranking p50 {statistics.median(times):.0f} ms, "
          f"mean {statistics.mean(times):.0f} ms ({len(times):,}); search() as the rule after on {checked} of them")
    for rule in RULES:
        for kind, c in counts[rule].items():
            nested = f", a run of years listing fewer than one inside it {c['nested']}" if kind == "year" else ""
            print(f"{rule}: {kind}: {c['searches']:,} filtered searches, {c['violating']} not R ∩ M(F) (documents "
                  f"gained {c['gained']}, lost {c['lost']}); more relevant than unfiltered {c['above']}{nested}")


def _nested(found: dict[str, set[int]]) -> int:
    """Pairs of year filters, one inside the other, where the wider lists fewer relevant documents."""
    spans = {name: tuple(name.split()[1].split("-")) for name in found}
    spans = {name: (s[0], s[-1]) for name, s in spans.items()}
    return sum(1 for a, (a0, a1) in spans.items() for b, (b0, b1) in spans.items()
               if a != b and b0 <= a0 and a1 <= b1 and len(found[b]) < len(found[a]))


if __name__ == "__main__":
    main()
