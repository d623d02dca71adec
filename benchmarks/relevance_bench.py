"""Counts that mean something (issue 16 item 4): what the relevance floor (search/relevance.py) keeps and cuts.

    .venv/bin/python benchmarks/relevance_bench.py SET_DIR [--probes FILE] [--similar] [--db PATH] [--work DIR] [--json]

On a BEIR-style set, each judged query is ranked as the search page ranks it (hybrid, default settings, documents
grouped; ``Searcher.ranked_documents``, without making snippets), each document marked above or under the floor. Printed: how many documents a query matched and how many are
above the floor (median, 90th percentile, largest); nDCG@10 and Recall@10 of the whole list beside the list cut
at the floor (what the page now shows); and how many documents judged relevant fall under the floor, among the
whole list's first 10 and first 100. A query's ``self`` is left out, as ``kb eval`` does. Then, for each floor of
``COMPARED`` (the floor before s-floor, today's, and one tried), from the same searches' evidence: the documents above
it, the judged relevant ones among them against those the query matched at all (the floor's recall), their share of
the documents above it (its precision), and the judged relevant of the first ten under it.

``--probes FILE`` (one query a line, ``#`` comments; corpus/eval/offtopic.txt holds 20, in both languages):
searches each as the page does and prints the documents it returns, and how many each floor compared would return;
the goal is at most 5 for each.

``--runs``: the same for texts that repeat one short unit (``RUNS``: "x" x 2,000, "ab " x 666, ...; s-item2), and
the real queries that repeat a word (they keep their counts).

``--similar``: the same for similar past issues (``kb similar --text``, ``Searcher.similar_lessons``, 10 lessons,
the default spread): each probe's lessons listed, every match against above the floor; and each judged query used as
the text: how many of the judged relevant documents among the whole list's lessons stay above the floor.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reader_sets import arguments, emit, log, open_store, spread
from search import Searcher, SearchQuery
from search.evaluate import key_resolver, ndcg, recall
from search.keyword import holding_every_term
from search.relevance import FLOOR, Evidence, Floor, above_floor

LIST = 100  # documents listed per query (the floor's effect on the first 100)
MAX_RETURNED = 5  # the goal for an off-topic probe
# Texts that say one short unit over and over, and real queries that repeat a word (``--runs``; s-item2)
RUNS = ["x" * 2000, "x" * 10_000, "ab " * 666, "ab " * 3333, "测" * 2000, "测试" * 1000, "test " * 400,
        *("x" * n for n in (10, 50, 100, 500)), *("test " * n for n in (3, 8, 9, 20)),
        "test test failure", "测试环境测试数据测试报告都没有准备好", "测试测试"]
# The floor before s-floor: no document counted for holding every word of the query, and its gate asked for every
# bigram of a Chinese query (商交 of 供应商交付 too), not its words; compared with today's from the same evidence
BEFORE = replace(FLOOR, holders=False, leads=("keyword", "semantic"), nearest_votes=False)
COMPARED = {"before": BEFORE,
            # s-floor's: the semantic leg voted by its chunks above semantic_min_score alone (before s-short)
            "s-floor": replace(FLOOR, nearest_votes=False), "after": FLOOR,
            # the kept rule without its bound: the nearest chunks vote for their first 20 documents in any collection
            # (s-short2; s-short's own rule ranked them among the documents the query matched, BENCHMARKS.md)
            "unbounded": replace(FLOOR, nearest_part=1),
            # tried, not kept: the translated leg's first documents counted too (BENCHMARKS.md, s-floor)
            "after, translated leg leading": replace(FLOOR, leads=("keyword", "semantic", "translated")),
            # s-small2's: the two feedback legs vote apart in any collection (as before), and, tried, not kept, a leg
            # votes only for documents scoring a share of its best
            "s-small": replace(FLOOR, echo_part=0),
            # the floor before s-item2: a text repeating one short unit was judged by its cosines as any other
            "before s-item2": replace(FLOOR, repetitions=False),
            **{f"vote share {share}": replace(FLOOR, echo_part=0, vote_share=share) for share in (0.1, 0.25)}}


def floor_flags(searcher: Searcher, text: str, groups: list, evidence: Evidence, floor: Floor) -> list[bool]:
    """Whether each document of a ranking is above ``floor``, from the evidence its search gathered."""
    if not floor.holders:
        found = evidence.found.get("keyword", [])
        evidence = replace(evidence, holding=lambda: holding_every_term(searcher.store.conn, text, found))
    return above_floor([[c.chunk_id for c in g] for g in groups], evidence, floor)


def measure_set(searcher: Searcher, beir) -> dict:  # type: ignore[no-untyped-def]
    """The floor on each judged query: counts, metrics with and without it, relevant documents cut; and, for each
    floor compared, the documents above it, and the judged relevant ones among them and among every match."""
    key_of = dict(searcher.store.conn.execute("SELECT id, key FROM documents").fetchall())
    resolve = key_resolver(list(key_of.values()), beir.qrels)
    matched, above, sums = [], [], {"ndcg_all": 0.0, "ndcg_floor": 0.0, "recall_all": 0.0, "recall_floor": 0.0}
    cut10 = cut100 = judged10 = judged100 = 0
    floors = {name: {"relevant": [], "inside": 0, "judged": 0, "under10": 0} for name in COMPARED}
    for n, query in enumerate(beir.queries, start=1):
        evidence = Evidence(keep_scores=True)  # the vote shares compared
        groups, kept_flags = searcher.ranked_documents(SearchQuery(query.text), query.text, evidence=evidence)
        documents = [resolve(key_of[g[0].document_id]) for g in groups]
        judged = beir.qrels[query.id]
        for name, floor in COMPARED.items():
            counted = floors[name]
            flags = [(doc, ok) for doc, ok in zip(documents, floor_flags(searcher, query.text, groups, evidence, floor),
                                                  strict=True) if doc != query.origin]
            counted["relevant"].append(sum(ok for _, ok in flags))
            counted["inside"] += sum(ok and judged.get(doc, 0) > 0 for doc, ok in flags)
            counted["judged"] += sum(judged.get(doc, 0) > 0 for doc, _ in flags)
            counted["under10"] += sum(not ok and judged.get(doc, 0) > 0 for doc, ok in flags[:10])
        ranked = [(doc, ok) for doc, ok in zip(documents, kept_flags, strict=True) if doc != query.origin][:LIST]
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
    compared = {name: {"relevant": spread(c["relevant"]), "above": sum(c["relevant"]), "inside": c["inside"],
                       "judged": c["judged"], "under10": c["under10"],
                       "precision": round(c["inside"] / max(sum(c["relevant"]), 1), 4),
                       "recall": round(c["inside"] / max(c["judged"], 1), 4)} for name, c in floors.items()}
    return {"set": beir.name, "queries": count, "matched": spread(matched), "relevant": spread(above),
            "metrics": {k: round(v / count, 4) for k, v in sums.items()},
            "judged_relevant_under_floor": {"top10": [cut10, judged10], "top100": [cut100, judged100]},
            "floors": compared}


def measure_probes(searcher: Searcher, probes: list[str]) -> dict:
    """Each probe searched as the page does: documents matched, and returned (above the floor); and above each floor
    compared."""
    rows = []
    for probe in probes:
        results = searcher.search(SearchQuery(probe))
        evidence = Evidence(keep_scores=True)  # the vote shares compared
        groups, _ = searcher.ranked_documents(SearchQuery(probe), probe, evidence=evidence)
        floors = {name: sum(floor_flags(searcher, probe, groups, evidence, floor)) for name, floor in COMPARED.items()}
        rows.append({"probe": probe, "matched": results.total, "returned": results.listed_count, "floors": floors})
    return {"probes": rows, "over_goal": sum(r["returned"] > MAX_RETURNED for r in rows),
            "largest": max((r["returned"] for r in rows), default=0),
            "floors": {name: {"over_goal": sum(r["floors"][name] > MAX_RETURNED for r in rows),
                              "empty": sum(r["floors"][name] == 0 for r in rows),
                              "largest": max((r["floors"][name] for r in rows), default=0)} for name in COMPARED}}


def similar_probes(searcher: Searcher, probes: list[str]) -> dict:
    """Each probe as a similar search's text: lessons listed with every match, and above the floor."""
    rows = []
    for probe in probes:
        whole = searcher.similar_lessons(text=probe, all_matches=True)
        rows.append({"probe": probe, "matched": whole.matched, "whole": len(whole.hits),
                     "returned": len(searcher.similar(text=probe))})
    return {"probes": rows, "over_goal": sum(r["returned"] > MAX_RETURNED for r in rows),
            "largest": max((r["returned"] for r in rows), default=0)}


def similar_set(searcher: Searcher, beir) -> dict:  # type: ignore[no-untyped-def]
    """Each judged query as a similar search's text: lessons, and judged relevant documents among them, listed
    with every match and above the floor."""
    key_of = dict(searcher.store.conn.execute("SELECT key, id FROM documents").fetchall())
    resolve = key_resolver(list(key_of), beir.qrels)
    counts = {"lessons_whole": 0, "lessons_kept": 0, "relevant_whole": 0, "relevant_kept": 0, "empty": 0}
    for query in beir.queries:
        judged = beir.qrels[query.id]
        whole = searcher.similar_lessons(text=query.text, all_matches=True).hits
        kept = searcher.similar(text=query.text)
        for name, hits in (("whole", whole), ("kept", kept)):
            documents = {resolve(h.document_key) for h in hits}
            counts[f"lessons_{name}"] += len(hits)
            counts[f"relevant_{name}"] += sum(judged.get(d, 0) > 0 for d in documents)
        counts["empty"] += not kept
    return {"set": beir.name, "queries": len(beir.queries), **counts}


def similar_to_lessons(searcher: Searcher, sample: int = 200) -> dict:
    """Every fifth lesson's similar past issues (a lesson page's list, 8), or about ``sample`` lessons evenly spread
    where there are more: lessons listed with every match and above the floor, and lessons whose list the floor
    empties."""
    ids = [r[0] for r in searcher.store.conn.execute(
        "SELECT id FROM lessons WHERE review_status != 'hidden' ORDER BY id").fetchall()]
    ids = ids[::max(5, len(ids) // sample)]
    whole = kept = emptied = 0
    for lesson_id in ids:
        listed = [len(searcher.similar_lessons(lesson_id=lesson_id, limit=8, all_matches=flag).hits)
                  for flag in (True, False)]
        whole, kept, emptied = whole + listed[0], kept + listed[1], emptied + (listed[0] > 0 and not listed[1])
    return {"lessons": len(ids), "whole": whole, "kept": kept, "emptied": emptied}


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
        print("\n| floor | relevant, median (p90) | above the floor | judged relevant inside / matched (recall) | "
              "precision | judged relevant of the first 10 under it |\n| --- | --- | --- | --- | --- | --- |")
        for name, f in report["floors"].items():
            print(f"| {name} | {f['relevant']['median']:g} ({f['relevant']['p90']:g}) | {f['above']} | {f['inside']} / "
                  f"{f['judged']} ({f['recall']:.4f}) | {f['precision']:.4f} | {f['under10']} |")
    if "similar_probes" in report:
        print("\n| off-topic probe as a similar text | documents matched | lessons, every match | lessons above the floor |"
              "\n| --- | --- | --- | --- |")
        for row in report["similar_probes"]["probes"]:
            print(f"| {_named(row['probe'])} | {row['matched']} | {row['whole']} | {row['returned']} |")
        print(f"\nprobes returning more than {MAX_RETURNED} lessons: {report['similar_probes']['over_goal']}")
    if "similar_set" in report:
        r = report["similar_set"]
        print(f"\n### {r['set']}: {r['queries']} queries as similar texts\n| list | lessons | judged relevant documents |"
              f"\n| --- | --- | --- |\n| every match | {r['lessons_whole']} | {r['relevant_whole']} |"
              f"\n| above the floor | {r['lessons_kept']} | {r['relevant_kept']} |\n\nqueries listing none: {r['empty']}")
    if "similar_lessons" in report:
        r = report["similar_lessons"]
        print(f"\nsimilar to {r['lessons']} lessons (8 each): {r['whole']} lessons listed with every match, "
              f"{r['kept']} above the floor; lists emptied: {r['emptied']}")
    if "probes" in report:
        print("\n| off-topic probe | matched | returned |\n| --- | --- | --- |")
        for row in report["probes"]["probes"]:
            print(f"| {_named(row['probe'])} | {row['matched']} | {row['returned']} |")
        print(f"\nprobes returning more than {MAX_RETURNED} documents: {report['probes']['over_goal']} "
              f"(largest: {report['probes']['largest']})")
        print("\n| floor | probes over the goal | largest | probes returning none |\n| --- | --- | --- | --- |")
        for name, f in report["probes"]["floors"].items():
            print(f"| {name} | {f['over_goal']} | {f['largest']} | {f['empty']} |")


def _named(text: str) -> str:
    """A probe as a table names it: a long one by its start and length."""
    return text if len(text) <= 60 else f"{text[:12]!r}… ({len(text):,} characters)"


def main() -> None:
    args = arguments(__doc__, _options)
    beir, prepared = open_store(args)
    try:
        searcher = Searcher(prepared.index())
        report: dict = {}
        if args.similar and (args.probes or args.runs):
            report["similar_probes"] = similar_probes(searcher, read_probes(args.probes) if args.probes else RUNS)
        elif args.similar:
            report["similar_set"] = similar_set(searcher, beir)
            report["similar_lessons"] = similar_to_lessons(searcher)
        elif args.probes or args.runs:
            report["probes"] = measure_probes(searcher, read_probes(args.probes) if args.probes else RUNS)
        else:
            report.update(measure_set(searcher, beir))
    finally:
        prepared.store.close()
    if not emit(report, args):
        print_report(report)


def _options(parser) -> None:  # type: ignore[no-untyped-def]
    parser.add_argument("--probes", type=Path, help="off-topic probes, one a line")
    parser.add_argument("--runs", action="store_true", help="texts repeating one short unit (RUNS) instead")
    parser.add_argument("--similar", action="store_true", help="similar past issues (kb similar --text) instead")


if __name__ == "__main__":
    main()
