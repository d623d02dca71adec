"""Why the hybrid loses to a plain baseline, query by query: for each judged query where the hybrid's nDCG@10 is
below the baseline's (dense search by default), each document judged relevant that the hybrid ranks lower than
the baseline does, and each unjudged or irrelevant document the hybrid puts above it where the baseline did not:
which of the hybrid's legs rank that wrong document above the relevant one (BENCHMARKS.md, "Per query, against
the baselines (s-rank4)"). The same for the queries it wins, the other way round.

    .venv/bin/python benchmarks/losses.py SET_DIR [--against dense|bm25] [--detail] [--db PATH] [--work DIR] [--json]

Each query is ranked as ``kb eval`` ranks it (hybrid, 1,000 chunks a leg, documents by their best chunk, the
query's ``self`` left out); a leg's document rank is where the document's first chunk stands among the leg's
documents (a document a leg did not return ranks below all it did). The baselines are ``benchmarks/baselines.py``'s,
over whole documents. A pair (wrong document above a relevant one) is counted once, under the set of legs that rank
the wrong one higher: "keyword" alone means every other leg had the relevant document first.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.baseline_systems import BM25, Dense, Tokenizer, embed
from benchmarks.beir_set import documents
from benchmarks.reader_sets import arguments, emit, log, open_store
from kb.store import Filters
from search import Searcher
from search.evaluate import DocumentRanker, ndcg
from search.legs import LEG_ORDER
from search.relevance import Evidence

DEPTH = 100  # documents ranked per query, from DEPTH x 10 chunks per leg (as kb eval)
BELOW = 10**6  # the rank of a document a ranking does not hold


def causes(ranked: list[str], baseline: list[str], legs: dict[str, dict[str, int]],
           judged: dict[str, int]) -> list[tuple[str, str, tuple[str, ...]]]:
    """The (relevant, wrong, legs) triples of one query: each document judged relevant that ``ranked`` puts lower
    than ``baseline``, each document not judged relevant that ``ranked`` puts above it and ``baseline`` below it, and
    the legs (in ``LEG_ORDER``) whose document ranks put the wrong one above the relevant one."""
    position = {d: n for n, d in enumerate(ranked)}
    other = {d: n for n, d in enumerate(baseline)}
    out = []
    for right, grade in sorted(judged.items()):
        if grade <= 0 or position.get(right, BELOW) <= other.get(right, BELOW):
            continue
        for wrong in ranked[:position.get(right, len(ranked))]:
            if judged.get(wrong, 0) > 0 or other.get(wrong, BELOW) < other.get(right, BELOW):
                continue
            by = tuple(name for name in LEG_ORDER if name in legs
                       and legs[name].get(wrong, BELOW) < legs[name].get(right, BELOW))
            out.append((right, wrong, by))
    return out


def measure(searcher: Searcher, beir, rank_baseline) -> dict:  # type: ignore[no-untyped-def]
    """Every judged query's hybrid and baseline nDCG@10, and the causes of the losses and of the wins."""
    ranker = DocumentRanker(searcher.store, beir.qrels)
    chunk_doc = ranker.chunk_doc
    summary = {side: {"queries": 0, "pairs": Counter(), "queries_by": Counter()} for side in ("lost", "won")}
    per_query = []
    for query in (q for q in beir.queries if q.id in beir.qrels):
        evidence = Evidence()
        fused = searcher.rank(query.text, "hybrid", Filters(), depth=DEPTH * 10, evidence=evidence)
        ranked = _documents((f.id for f in fused), chunk_doc, query.origin)[:DEPTH]
        baseline = [d for d, _ in rank_baseline(query.text, DEPTH + 1) if d != query.origin][:DEPTH]
        judged = beir.qrels[query.id]
        ours, theirs = ndcg(ranked, judged, 10), ndcg(baseline, judged, 10)
        if abs(ours - theirs) < 1e-9:
            continue
        side = "lost" if ours < theirs else "won"
        legs = {name: {d: n for n, d in enumerate(_documents(evidence.found[name], chunk_doc, query.origin))}
                for name in LEG_ORDER if name in evidence.found}
        found = causes(ranked, baseline, legs, judged) if side == "lost" else \
            causes(baseline, ranked, legs, judged)  # a win: what the baseline got wrong, and which legs avoided it
        if side == "won":  # the legs that rank the relevant document above the baseline's wrong one
            found = [(right, wrong, tuple(n for n in legs if n not in by)) for right, wrong, by in found]
        s = summary[side]
        s["queries"] += 1
        s["pairs"].update(" + ".join(by) or "none" for _, _, by in found)
        s["queries_by"].update({" | ".join(sorted({" + ".join(by) or "none" for _, _, by in found})) or "none": 1})
        per_query.append({"query": query.id, "text": query.text, "hybrid": round(ours, 4),
                          "baseline": round(theirs, 4), "pairs": [list(f[:2]) + [" + ".join(f[2])] for f in found]})
    return {"summary": {side: {"queries": s["queries"], "pairs": dict(s["pairs"].most_common()),
                               "queries_by": dict(s["queries_by"].most_common())} for side, s in summary.items()},
            "per_query": per_query}


def _documents(chunks, chunk_doc: dict[int, str | None], origin: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    """Documents in the order of their first chunk, less the query's ``self``."""
    return [d for d in dict.fromkeys(chunk_doc.get(c) for c in chunks) if d is not None and d != origin]


def main() -> None:
    def extra(parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--against", choices=("dense", "bm25"), default="dense", help="the baseline")
        parser.add_argument("--detail", action="store_true", help="list each query's pairs")

    args = arguments(__doc__, extra)
    beir, prepared = open_store(args)
    try:
        index = prepared.index()
        docs = documents(prepared.store, beir.qrels)
        ids, texts = [d.id for d in docs], [d.text for d in docs]
        if args.against == "bm25":
            rank = BM25(ids, texts, Tokenizer()).rank
        else:
            cache = prepared.settings.db.parent / f"dense-{index.embedder().name.replace('/', '_')}.npz"
            rank = Dense(ids, embed(texts, index.embedder(), cache), index.embedder()).rank
        log(f"ranking {len(beir.queries)} queries")
        report = {"set": beir.name, "against": args.against, **measure(Searcher(index), beir, rank)}
    finally:
        prepared.store.close()
    if emit(report, args):
        return
    for side, s in report["summary"].items():
        print(f"\n### {beir.name}: queries the hybrid {side} against {args.against}: {s['queries']}\n")
        print("| legs that rank the wrong document above the relevant one | pairs |" if side == "lost" else
              "| legs that rank the relevant document above the baseline's wrong one | pairs |")
        print("| --- | --- |")
        for by, n in s["pairs"].items():
            print(f"| {by} | {n} |")
        print("\nqueries, by the legs of their pairs (| between pairs of different legs): "
              + "; ".join(f"{by} {n}" for by, n in s["queries_by"].items()))
    if args.detail:
        for q in report["per_query"]:
            print(f"\n{q['query']} hybrid {q['hybrid']:.2f} {args.against} {q['baseline']:.2f} {q['text'][:60]}")
            for right, wrong, by in q["pairs"]:
                print(f"  {wrong} above {right}: {by or 'none'}")


if __name__ == "__main__":
    main()
