"""Feedback in the vector space, replayed: each judged query's legs captured once as ``kb eval`` ranks them (hybrid,
1,000 chunks a leg) with the feedback off, then the rank fusion across languages replayed with the semantic leg
re-ordered by the query's vector moved toward the mean of the first K fused chunks (search/dense_feedback.py),
for each variant (BENCHMARKS.md, "Feedback in the vector space").

    .venv/bin/python benchmarks/dense_feedback.py SET_DIR [--db PATH] [--work DIR] [--json] [--out FILE]

Variants: K (the first fused chunks taken), the share their mean counts against the query, and what is re-scored:
the semantic leg's own chunks (``semantic``, as search does), every chunk any leg found (``all``), or the moved
query's ranking of every chunk added as a sixth leg of weight W (``leg W``); ``other`` takes the K first fused
chunks in the other language than the query's. Queries fused by score (the other language holds nothing on them)
are as they were. Each variant gets nDCG@10 overall and per query set, cross-language Recall@10, and its
difference from the ranking without feedback with a 95 % paired bootstrap interval; ``K 0`` must equal ``kb eval``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.reader_sets import arguments, emit, log, open_store
from benchmarks.stats import paired_difference
from kb.store import Filters
from kb.text import detect_language
from search import Searcher
from search import legs as legs_module
from search.dense_feedback import moved_query, reordered
from search.evaluate import DocumentRanker, ndcg, recall
from search.forward import LANGUAGES
from search.id_fusion import id_rank_fusion
from search.legs import LEG_ORDER

DEPTH = 100  # documents per query, from DEPTH x 10 chunks a leg (as kb eval)
VARIANTS = [(k, share, scope) for k in (1, 2, 3, 5) for share in (0.5, 1.0, 1.5) for scope in ("semantic", "all")] \
    + [(2, 1.0, "leg 0.5"), (2, 1.0, "leg 1"), (3, 1.0, "other"), (5, 1.0, "other")]


def capture(searcher: Searcher, text: str) -> dict | None:
    """The legs of the final rank fusion across languages, its weights, the first fused chunks and the query's
    vector; None for a query fused by score."""
    seen: list[dict] = []
    fuse = legs_module.Legs.fuse

    def spy(self, weights, **kwargs):  # type: ignore[no-untyped-def]
        seen.append({"found": {k: list(v) for k, v in self.found.items()}, "weights": dict(weights),
                     "limit": kwargs.get("limit"), "support": kwargs.get("support"), "vector": self.vector})
        return fuse(self, weights, **kwargs)

    legs_module.Legs.fuse = spy  # type: ignore[method-assign]
    try:
        searcher.rank(text, "hybrid", Filters(), depth=DEPTH * 10)
    finally:
        legs_module.Legs.fuse = fuse  # type: ignore[method-assign]
    final = seen[-1]
    if final["support"] is None or final["vector"] is None:
        return None
    first = next((s for s in seen if s["limit"] is not None), final)
    final["top"] = [f.id for f in fuse_legs(first["found"], first["weights"], searcher, support=False)][:10]
    return final


def fuse_legs(found: dict, weights: dict, searcher: Searcher, *, support: bool = True) -> list:
    names = sorted(found, key=lambda n: LEG_ORDER.index(n) if n in LEG_ORDER else len(LEG_ORDER))
    settings = searcher.settings
    backing = (searcher.index.chunk_facts().document_codes, settings.document_support) if support else None
    return id_rank_fusion({n: found[n] for n in names}, weights, k=settings.rrf_k, support=backing)


def replay(searcher: Searcher, legs: dict, language: str, k: int, share: float, scope: str) -> list[int]:
    """The final fusion's chunk ids with the semantic leg re-ordered (or a sixth leg) as the variant says."""
    found, weights = dict(legs["found"]), dict(legs["weights"])
    top = legs["top"]
    if scope == "other":
        languages = searcher.index.chunk_facts().languages(top)
        top = [i for i in top if languages.get(i) not in (language, "mixed")]
    top = top[:k]
    if k and top:
        pool = found["semantic"] if scope in ("semantic", "other") else \
            list(dict.fromkeys(i for ids in found.values() for i in ids))
        query, rows = searcher.index.as_scored(legs["vector"], language, [*top, *pool])
        ranking = [i for i, _ in reordered(pool, rows[len(top):], moved_query(query, rows[:len(top)], share))]
        if scope.startswith("leg"):
            found["dense"], weights["dense"] = ranking, float(scope.split()[1])
        else:
            found["semantic"] = ranking
    return [f.id for f in fuse_legs(found, weights, searcher)]


def main() -> None:
    args = arguments(__doc__)
    beir, prepared = open_store(args)
    searcher = Searcher(prepared.index(prepared.settings.replace(dense_feedback_chunks=0)))
    ranker = DocumentRanker(prepared.store, beir.qrels)
    queries = [q for q in beir.queries if q.id in beir.qrels]
    log(f"capturing the legs of {len(queries)} queries")
    captured = {}
    plain = {}
    for query in queries:
        legs = capture(searcher, query.text)
        captured[query.id] = (legs, detect_language(query.text).value)
        if legs is None:  # fused by score: as it is
            plain[query.id] = [d for d, _ in ranker.rank(searcher, query.text, "hybrid", DEPTH, origin=query.origin)]
    rows = []
    for k, share, scope in [(0, 0.0, "semantic"), *VARIANTS]:
        scores: dict[str, tuple[float, float]] = {}
        for query in queries:
            legs, language = captured[query.id]
            if legs is None or language not in LANGUAGES:
                ranked = plain[query.id]
            else:
                ids = replay(searcher, legs, language, k, share, scope)
                ranked = _documents(ids, ranker.chunk_doc, query.origin)
            judged = beir.qrels[query.id]
            scores[query.id] = (ndcg(ranked, judged, 10), recall(ranked, judged, 10))
        rows.append(_row(k, share, scope, scores, queries))
        log(f"K {k} share {share} {scope}: nDCG@10 {rows[-1]['ndcg@10']:.3f}")
    base = rows[0]["per_query"]
    for row in rows:
        row["difference"] = {m: round(v, 4) for m, v in paired_difference(row["per_query"], base).items()}
    report = {"set": beir.name, "queries": len(queries), "rank_fused": sum(c[0] is not None for c in captured.values()),
              "variants": [{k: v for k, v in r.items() if k != "per_query"} for r in rows]}
    if emit(report, args):
        return
    groups = sorted({q.group for q in queries if q.group})
    print(f"\n### {beir.name}: {len(queries)} queries, {report['rank_fused']} fused by rank across languages\n")
    print("| K | share | re-scored | nDCG@10 | " + " | ".join(groups) + " | cross-language Recall@10 | difference |")
    print("| --- " * (5 + len(groups)) + "| --- |")
    for r in rows:
        d = r["difference"]
        print(f"| {r['k']} | {r['share']} | {r['scope']} | {r['ndcg@10']:.3f} | "
              + " | ".join(f"{r['groups'].get(g, 0):.3f}" for g in groups)
              + f" | {r['cross_recall@10']:.3f} | {d['mean']:+.3f} ({d['low']:+.3f} to {d['high']:+.3f};"
                f" {d['wins']} / {d['losses']}) |")


def _documents(ids: list[int], chunk_doc: dict[int, str], origin: str | None) -> list[str]:
    keys = (chunk_doc.get(i) for i in ids)
    return [k for k in dict.fromkeys(keys) if k is not None and k != origin][:DEPTH]


def _row(k: int, share: float, scope: str, scores: dict, queries: list) -> dict:
    groups: dict[str, list[float]] = {}
    cross: list[float] = []
    for query in queries:
        groups.setdefault(query.group or "all", []).append(scores[query.id][0])
        if query.group == "cross":
            cross.append(scores[query.id][1])
    return {"k": k, "share": share, "scope": scope, "ndcg@10": float(np.mean([s[0] for s in scores.values()])),
            "groups": {g: float(np.mean(v)) for g, v in groups.items()},
            "cross_recall@10": float(np.mean(cross)) if cross else 0.0,
            "per_query": {q: s[0] for q, s in scores.items()}}


if __name__ == "__main__":
    main()
