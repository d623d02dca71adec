"""The document-side translation leg (search/translated_index.py), live, beside the ranking without it: each judged
query ranked as ``kb eval`` ranks it under every configuration in turn, on one store whose chunks' translations are
filled first (BENCHMARKS.md, "Document-side translation").

    .venv/bin/python benchmarks/document_translation.py SET_DIR [--db PATH] [--work DIR] [--json] [--out FILE]

Configurations: ``off`` (weight 0: the ranking without the leg), then each weight W and gate t (the share of the
first fused chunks in the other language at which the leg runs). Each gets nDCG@10 overall and per query set,
cross-language Recall@10, how many queries ran the leg, its per-query latency (p50, p95; the configurations take
turns on each query, in one order and then the other), and its nDCG@10 difference from ``off`` with a 95 % paired bootstrap interval. In a collection
of one language nothing is translated and every configuration ranks as ``off``.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reader_sets import arguments, emit, log, open_store
from benchmarks.stats import paired_difference, percentile
from search import Searcher
from search import legs as legs_module
from search.evaluate import DocumentRanker, ndcg, recall
from search.translated_index import LEG, translate_missing

DEPTH = 100  # documents per query, from DEPTH x 10 chunks a leg (as kb eval)
CONFIGS = [(0.0, 0.6), *[(w, t) for t in (0.5, 0.6, 0.7) for w in (0.25, 0.5, 1.0)]]


def name(weight: float, gate: float) -> str:
    return "off" if weight <= 0 else f"weight {weight:g}, gate {gate:g}"


def main() -> None:
    args = arguments(__doc__)
    beir, prepared = open_store(args)
    on = replace(prepared.settings, document_translation_weight=1.0)
    index = prepared.index(on)
    started = time.perf_counter()
    translated = translate_missing(index)  # what a sync translates (its private step takes the sync's vectors and report)
    log(f"translated {translated} chunks in {time.perf_counter() - started:.1f} s")
    ranker = DocumentRanker(prepared.store, beir.qrels)
    searchers = {name(w, t): Searcher(prepared.index(replace(prepared.settings, document_translation_weight=w,
                                                               document_translation_gate=t))) for w, t in CONFIGS}
    queries = [q for q in beir.queries if q.id in beir.qrels]
    ran: dict[str, set[str]] = defaultdict(set)
    put = legs_module.Legs.put
    current: list[str] = [""]

    def spy(self, leg, pairs):  # type: ignore[no-untyped-def]
        if leg == LEG:
            ran[current[0]].add(current[1])
        return put(self, leg, pairs)

    scores: dict[str, dict[str, tuple[float, float]]] = defaultdict(dict)
    times: dict[str, list[float]] = defaultdict(list)
    legs_module.Legs.put = spy  # type: ignore[method-assign]
    try:
        for turn, q in enumerate(queries):
            order = list(searchers.items())
            for label, searcher in order if turn % 2 else order[::-1]:  # each goes first as often (caches)
                current[:] = [label, q.id]
                began = time.perf_counter()
                documents = [key for key, _ in ranker.rank(searcher, q.text, "hybrid", DEPTH, origin=q.origin)]
                times[label].append((time.perf_counter() - began) * 1000)
                scores[label][q.id] = (ndcg(documents, beir.qrels[q.id], 10), recall(documents, beir.qrels[q.id], 10))
    finally:
        legs_module.Legs.put = put  # type: ignore[method-assign]
    groups = {q.id: q.group or "all" for q in queries}
    base = {q: s[0] for q, s in scores["off"].items()}
    rows = []
    for label in searchers:
        per = scores[label]
        by_group: dict[str, list[float]] = defaultdict(list)
        for q, (value, _) in per.items():
            by_group[groups[q]].append(value)
        cross = [r for q, (_, r) in per.items() if groups[q] == "cross"]
        rows.append({"config": label, "ndcg@10": sum(v for v, _ in per.values()) / len(per),
                     "groups": {g: sum(v) / len(v) for g, v in sorted(by_group.items())},
                     "cross_recall@10": sum(cross) / len(cross) if cross else 0.0, "leg_ran": len(ran[label]),
                     "p50_ms": percentile(times[label], 50), "p95_ms": percentile(times[label], 95),
                     "difference": {m: round(v, 4) for m, v in
                                    paired_difference({q: s[0] for q, s in per.items()}, base).items()},
                     "per_query": {q: round(s[0], 4) for q, s in per.items()}})
    report = {"set": beir.name, "queries": len(queries), "translated_chunks": translated, "configs": rows}
    if emit(report, args):
        return
    names = sorted({g for g in groups.values()})
    print(f"\n### {beir.name}: {len(queries)} queries\n")
    print("| configuration | nDCG@10 | " + " | ".join(names) + " | cross-language Recall@10 | leg ran | p50 | p95 |"
          " difference from off |")
    print("| --- " * (7 + len(names)) + "|")
    for r in rows:
        d = r["difference"]
        print(f"| {r['config']} | {r['ndcg@10']:.3f} | " + " | ".join(f"{r['groups'].get(g, 0):.3f}" for g in names)
              + f" | {r['cross_recall@10']:.3f} | {r['leg_ran']} | {r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms"
                f" | {d['mean']:+.3f} ({d['low']:+.3f} to {d['high']:+.3f}; {d['wins']} / {d['losses']}) |")


if __name__ == "__main__":
    main()
