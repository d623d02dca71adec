"""What else might lift the cross-language queries, replayed: each judged query's legs captured once as ``kb eval``
ranks them (hybrid, 1,000 chunks a leg, the shipped settings: the semantic leg already re-ordered by the feedback in
the vector space), then each variant applied to them offline (BENCHMARKS.md, "A second stage, and other ways
across languages").

    .venv/bin/python benchmarks/second_stage.py SET_DIR [--db PATH] [--work DIR] [--json] [--out FILE]

Families (each names a general mechanism; queries fused by score, or of mixed language, are ranked as they were):

- ``second stage``: the fused first N documents re-ordered by their best chunk's cosine with the fed-back query
  vector (``moved``), the query's own (``plain``), the query's translated terms embedded and fed back alike
  (``translation``), or the better (``both``) or mean (``both mean``) of the query's and its translation's; the
  cosine's rank fused with the document's (``rrf``, k 60) or both standardised and added (``z``), times lambda;
  ``other slots`` / ``same slots`` re-order only the documents in the other / the query's language among their own
  places.
- ``spread``: documents of a project already listed above lowered (maximal marginal relevance over projects).
- ``calibrated``: the semantic leg's other-language chunks re-scored before the fusion: each language's cosines
  standardised over its own first M (``z``), the other language raised by a share of the gap between the two
  languages' best matches (``gap``), or by a constant (``add``).
- ``vector``: other fed-back vectors for the semantic leg: each language's chunks by the first fused chunks of
  that language (``per language``), the first K distinct documents, a rank-weighted mean of the first K, the
  translation's embedding added or maxed, the feedback taken again from the final fusion (``again``).
- ``gated``: a leg for the queries whose first fused chunks (the first fusion, the one the feedback leg reads) are
  at least a share t in the other language: every chunk's words translated as a query's are, BM25 (bm25s) of the
  query over those translations (``document-side``); every dictionary translation of the query the collection
  holds, P a word, unscored (``wide P``); every chunk's own words and their translations, BM25 of the query over
  both (``expanded``: bilingual document expansion); the same two through our own keyword index instead of bm25s
  (``... fts5``: FTS5 over a copy of the store whose chunks hold those words, as ingestion would write them); or the translated and cross-language feedback legs weighed by that share
  (``share-weighted``).

Each variant gets nDCG@10 overall and per query set, cross-language Recall@10, and its difference from the shipped
ranking with a 95 % paired bootstrap interval; ``shipped`` must equal ``kb eval`` (``baselines.py``'s hybrid). The legs
are captured in ``benchmarks/captured_legs.py``, the variants applied in ``benchmarks/second_stage_variants.py``.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.captured_legs import Collection, capture, gated_legs
from benchmarks.reader_sets import arguments, emit, log, open_store
from benchmarks.second_stage_variants import VARIANTS, Params, ranked
from benchmarks.stats import paired_difference
from search import Searcher
from search.evaluate import DocumentRanker, ndcg, recall


def main() -> None:
    args = arguments(__doc__)
    beir, prepared = open_store(args)
    searcher = Searcher(prepared.index(prepared.settings))
    ranker = DocumentRanker(prepared.store, beir.qrels)
    queries = [q for q in beir.queries if q.id in beir.qrels]
    log(f"capturing the legs of {len(queries)} queries")
    captured = [capture(searcher, q.text, q, ranker.chunk_doc) for q in queries]
    log("translating every chunk and the queries for the gated legs")
    gated_legs(searcher, captured, {q.id: q.text for q in queries})
    coll = Collection(searcher, ranker)
    rows = []
    for family, params in [("shipped", {}), *VARIANTS]:
        scores = {}
        for q in captured:
            documents = ranked(coll, q, family, params)
            scores[q.id] = (ndcg(documents, beir.qrels[q.id], 10), recall(documents, beir.qrels[q.id], 10), q.group)
        rows.append(_row(family, params, scores))
    base = rows[0]["per_query"]
    for row in rows:
        row["difference"] = {m: round(v, 4) for m, v in paired_difference(row.pop("per_query"), base).items()}
    report = {"set": beir.name, "queries": len(queries), "rank_fused": sum(q.found is not None for q in captured),
              "variants": rows}
    if emit(report, args):
        return
    groups = sorted({q.group for q in queries if q.group})
    print(f"\n### {beir.name}: {len(queries)} queries, {report['rank_fused']} fused by rank across languages\n")
    print("| family | variant | nDCG@10 | " + " | ".join(groups) + " | cross-language Recall@10 | difference |")
    print("| --- " * (5 + len(groups)) + "|")
    for r in rows:
        d = r["difference"]
        print(f"| {r['family']} | {r['params']} | {r['ndcg@10']:.3f} | "
              + " | ".join(f"{r['groups'].get(g, 0):.3f}" for g in groups)
              + f" | {r['cross_recall@10']:.3f} | {d['mean']:+.3f} ({d['low']:+.3f} to {d['high']:+.3f};"
                f" {d['wins']} / {d['losses']}) |")


def _row(family: str, params: Params, scores: dict[str, tuple[float, float, str | None]]) -> dict:
    groups: dict[str, list[float]] = defaultdict(list)
    for value, _, group in scores.values():
        groups[group or "all"].append(value)
    cross = [r for _, r, group in scores.values() if group == "cross"]
    return {"family": family, "params": ", ".join(f"{k} {v}" for k, v in params.items()),
            "ndcg@10": float(np.mean([s[0] for s in scores.values()])),
            "groups": {g: float(np.mean(v)) for g, v in groups.items()},
            "cross_recall@10": float(np.mean(cross)) if cross else 0.0,
            "per_query": {q: s[0] for q, s in scores.items()}}


if __name__ == "__main__":
    main()
