"""Counts that mean something (issue 16 item 4): what the relevance floor (search/relevance.py) keeps and cuts.

    .venv/bin/python benchmarks/relevance_bench.py SET_DIR [--probes FILE] [--db PATH] [--work DIR] [--json]

On a BEIR-style set, each judged query is ranked as the search page ranks it (hybrid, default settings, documents
grouped; ``Searcher.ranked_documents``, without making snippets), each document marked above or under the floor. Printed: how many documents a query matched and how many are
above the floor (median, 90th percentile, largest); nDCG@10 and Recall@10 of the whole list beside the list cut
at the floor (what the page now shows); and how many documents judged relevant fall under the floor, among the
whole list's first 10 and first 100. A query's ``self`` is left out, as ``kb eval`` does.

``--probes FILE`` (one query a line, ``#`` comments; corpus/eval/offtopic.txt holds 20, in both languages):
searches each as the page does and prints the documents it returns; the goal is at most 5 for each.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reader_sets import arguments, emit, log, open_store, spread
from search import Searcher, SearchQuery
from search.evaluate import key_resolver, ndcg, recall

LIST = 100  # documents listed per query (the floor's effect on the first 100)
MAX_RETURNED = 5  # the goal for an off-topic probe


def measure_set(searcher: Searcher, beir) -> dict:  # type: ignore[no-untyped-def]
    """The floor on each judged query: counts, metrics with and without it, relevant documents cut."""
    key_of = dict(searcher.store.conn.execute("SELECT id, key FROM documents").fetchall())
    resolve = key_resolver(list(key_of.values()), beir.qrels)
    matched, above, sums = [], [], {"ndcg_all": 0.0, "ndcg_floor": 0.0, "recall_all": 0.0, "recall_floor": 0.0}
    cut10 = cut100 = judged10 = judged100 = 0
    for n, query in enumerate(beir.queries, start=1):
        groups, kept_flags = searcher.ranked_documents(SearchQuery(query.text), query.text)  # as search() ranks
        ranked = [(resolve(key_of[g[0].document_id]), ok) for g, ok in zip(groups, kept_flags)]
        ranked = [(doc, ok) for doc, ok in ranked if doc != query.origin][:LIST]
        judged = beir.qrels[query.id]
        whole, kept = [doc for doc, _ in ranked], [doc for doc, ok in ranked if ok]
        sums["ndcg_all"] += ndcg(whole, judged, 10)
        sums["ndcg_floor"] += ndcg(kept, judged, 10)
        sums["recall_all"] += recall(whole, judged, 10)
        sums["recall_floor"] += recall(kept, judged, 10)
        for rank, (doc, ok) in enumerate(ranked, start=1):
            if judged.get(doc, 0) > 0:
                judged100 += 1
                cut100 += not ok
                judged10 += rank <= 10
                cut10 += rank <= 10 and not ok
        matched.append(len(groups))
        above.append(sum(kept_flags))
        if n % 50 == 0:
            log(f"{n} of {len(beir.queries)} queries")
    count = len(beir.queries)
    return {"set": beir.name, "queries": count, "matched": spread(matched), "relevant": spread(above),
            "metrics": {k: round(v / count, 4) for k, v in sums.items()},
            "judged_relevant_under_floor": {"top10": [cut10, judged10], "top100": [cut100, judged100]}}


def measure_probes(searcher: Searcher, probes: list[str]) -> dict:
    """Each probe searched as the page does: documents matched, and returned (above the floor)."""
    rows = []
    for probe in probes:
        results = searcher.search(SearchQuery(probe))
        rows.append({"probe": probe, "matched": results.total, "returned": results.listed_count})
    return {"probes": rows, "over_goal": sum(r["returned"] > MAX_RETURNED for r in rows),
            "largest": max((r["returned"] for r in rows), default=0)}


def read_probes(path: Path) -> list[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def print_report(report: dict) -> None:
    if "set" in report:
        m, cut = report["metrics"], report["judged_relevant_under_floor"]
        print(f"\n### {report['set']}: {report['queries']} queries")
        print("| documents per query | median | p90 | max |\n| --- | --- | --- | --- |")
        for name in ("matched", "relevant"):
            s = report[name]
            print(f"| {name} | {s['median']:g} | {s['p90']:g} | {s['max']:g} |")
        print("\n| list | nDCG@10 | Recall@10 |\n| --- | --- | --- |")
        print(f"| every match | {m['ndcg_all']:.4f} | {m['recall_all']:.4f} |")
        print(f"| above the floor | {m['ndcg_floor']:.4f} | {m['recall_floor']:.4f} |")
        print(f"\njudged relevant documents under the floor: {cut['top10'][0]} of {cut['top10'][1]} in the first 10, "
              f"{cut['top100'][0]} of {cut['top100'][1]} in the first {LIST}")
    if "probes" in report:
        print("\n| off-topic probe | matched | returned |\n| --- | --- | --- |")
        for row in report["probes"]["probes"]:
            print(f"| {row['probe']} | {row['matched']} | {row['returned']} |")
        print(f"\nprobes returning more than {MAX_RETURNED} documents: {report['probes']['over_goal']} "
              f"(largest: {report['probes']['largest']})")


def main() -> None:
    args = arguments(__doc__, lambda p: p.add_argument("--probes", type=Path, help="off-topic probes, one a line"))
    beir, prepared = open_store(args)
    try:
        searcher = Searcher(prepared.index())
        report: dict = {}
        if args.probes:
            report["probes"] = measure_probes(searcher, read_probes(args.probes))
        else:
            report.update(measure_set(searcher, beir))
    finally:
        prepared.store.close()
    if not emit(report, args):
        print_report(report)


if __name__ == "__main__":
    main()
