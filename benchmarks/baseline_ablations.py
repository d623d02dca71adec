"""What explains the hybrid's figures on a set (``benchmarks/baselines.py --ablations``).

- Variants of ours, each one setting changed: the hybrid without its feedback legs or its cross-language legs
  (or both: plain keyword + semantic fusion over chunks), the keyword leg without its term pruning
  (``common_term_share`` 1, no postings budget), the semantic leg without language centring.
- The baselines over our chunks instead of whole documents (each document ranked by its best chunk): bm25s over
  the chunk texts, and exact search over the chunk vectors our index holds (no centring); and, on sets with
  Chinese queries, BM25 with each Chinese character as a term beside jieba's words.
- Every system's nDCG@10 by query language and by query length (thirds of the set's queries by characters).
- Per query, how the hybrid compares with each of its legs, with the better of the two for that query (the
  "oracle" a perfect choice of leg would reach), and with the baselines.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from benchmarks.baseline_systems import BM25, Dense, Ranking, Tokenizer
from benchmarks.beir_set import BeirSet, Prepared, documents
from benchmarks.measured import Measured, baseline, ours, rounded, run_systems
from kb.text import detect_language
from search import Searcher
from search.evaluate import DocumentRanker, documents_by_best_hit, key_resolver

VARIANTS: dict[str, tuple[str, dict[str, Any]]] = {
    "hybrid, no feedback": ("hybrid", {"feedback_weight": 0}),
    "hybrid, no cross-language": ("hybrid", {"translated_weight": 0, "cross_feedback_weight": 0}),
    "hybrid, keyword + semantic only": ("hybrid", {"feedback_weight": 0, "translated_weight": 0,
                                                   "cross_feedback_weight": 0}),
    "keyword, no term pruning": ("keyword", {"common_term_share": 1.0, "keyword_postings": 0}),
    "hybrid, no term pruning": ("hybrid", {"common_term_share": 1.0, "keyword_postings": 0}),
    "hybrid, keyword + semantic only, no term pruning": ("hybrid", {
        "feedback_weight": 0, "translated_weight": 0, "cross_feedback_weight": 0, "common_term_share": 1.0,
        "keyword_postings": 0}),
    "semantic, no centring": ("semantic", {"language_centring": False}),
}
CHUNKS_PER_DOCUMENT = 10  # chunks ranked per document wanted, as kb eval ranks them
TIE = 1e-9


def ablate(beir: BeirSet, prepared: Prepared, searcher: Searcher, ranker: DocumentRanker, systems: list[Measured],
           tokenizer: Tokenizer, log: Callable[[str], None]) -> dict:
    """The analysis of one set (JSON-ready); ``systems`` are the main run's, to break down beside the variants."""
    runs = [ours(name, Searcher(prepared.index(prepared.settings.replace(**changes))), mode, ranker)
            for name, (mode, changes) in VARIANTS.items()]
    bm25_chunks, dense_chunks = _chunk_baselines(prepared, searcher, beir, tokenizer)
    runs += [baseline("bm25 (chunks)", bm25_chunks), baseline("dense (chunks)", dense_chunks)]
    if any(detect_language(q.text).value != "en" for q in beir.queries):
        whole = documents(prepared.store, beir.qrels)
        characters = BM25([d.id for d in whole], [d.text for d in whole], Tokenizer(characters=True))
        runs.append(baseline("bm25, jieba + characters", characters.rank))
    log(f"ablations: {len(runs)} variants on {len(beir.queries)} queries, taking turns")
    variants = run_systems(runs, beir)
    everything = systems + variants
    return {"variants": {m.name: {"metrics": rounded(m.result.metrics), "latency": m.latency(),
                                  "changes": VARIANTS.get(m.name, (None, {}))[1]} for m in variants},
            "by_language": _breakdown(everything, beir, lambda text: detect_language(text).value),
            "by_length": _breakdown(everything, beir, _length_bucket(beir)),
            "hybrid_per_query": _hybrid_per_query({m.name: m.result.per_query for m in systems})}


def _chunk_baselines(prepared: Prepared, searcher: Searcher, beir: BeirSet,
                     tokenizer: Tokenizer) -> tuple[Callable[[str, int], Ranking], Callable[[str, int], Ranking]]:
    rows = prepared.store.conn.execute(
        "SELECT c.id, d.key, c.text FROM chunks c JOIN documents d ON d.id = c.document_id ORDER BY c.id").fetchall()
    keys = [r[1] for r in rows]
    resolve = key_resolver(sorted(set(keys)), beir.qrels)
    owners = [resolve(k) for k in keys]
    bm25 = BM25(owners, [r[2] for r in rows], tokenizer)
    vectors = searcher.index.vectors().vectors([r[0] for r in rows])
    dense = Dense(owners, np.asarray(vectors, dtype=np.float32), searcher.index.embedder())

    def best_chunk(system: BM25 | Dense) -> Callable[[str, int], Ranking]:
        return lambda text, depth: documents_by_best_hit(system.rank(text, depth * CHUNKS_PER_DOCUMENT), depth)

    return best_chunk(bm25), best_chunk(dense)


def _length_bucket(beir: BeirSet) -> Callable[[str], str]:
    lengths = sorted(len(q.text) for q in beir.queries)
    low, high = lengths[len(lengths) // 3], lengths[2 * len(lengths) // 3]

    def bucket(text: str) -> str:
        n = len(text)
        return f"short (<{low} chars)" if n < low else f"medium ({low}-{high - 1})" if n < high \
            else f"long (>={high})"

    return bucket


def _breakdown(systems: list[Measured], beir: BeirSet, key: Callable[[str], str]) -> dict:
    """Mean nDCG@10 of every system per bucket of queries, and each bucket's size."""
    bucket_of = {q.id: key(q.text) for q in beir.queries}
    sizes: dict[str, int] = {}
    for b in bucket_of.values():
        sizes[b] = sizes.get(b, 0) + 1
    out: dict = {"queries": dict(sorted(sizes.items())), "ndcg@10": {}}
    for m in systems:
        sums: dict[str, float] = {}
        for qid, metrics in m.result.per_query.items():
            sums[bucket_of[qid]] = sums.get(bucket_of[qid], 0.0) + metrics["ndcg@10"]
        out["ndcg@10"][m.name] = {b: round(sums.get(b, 0.0) / n, 4) for b, n in sorted(sizes.items())}
    return out


def _hybrid_per_query(per_query: dict[str, dict[str, dict[str, float]]]) -> dict:
    """The hybrid against each other system, query by query: wins, ties, losses and the mean gap; and the
    oracle that takes the better of keyword and semantic for each query."""
    ndcg = {name: {q: v["ndcg@10"] for q, v in rows.items()} for name, rows in per_query.items()}
    hybrid = ndcg["hybrid"]
    ndcg["best leg (oracle)"] = {q: max(ndcg["keyword"][q], ndcg["semantic"][q]) for q in hybrid}
    out = {}
    for name, other in ndcg.items():
        if name == "hybrid":
            continue
        gaps = [hybrid[q] - other[q] for q in hybrid]
        out[name] = {"wins": sum(g > TIE for g in gaps), "ties": sum(abs(g) <= TIE for g in gaps),
                     "losses": sum(g < -TIE for g in gaps), "mean_gap": round(sum(gaps) / len(gaps), 4),
                     "other_ndcg@10": round(sum(other.values()) / len(other), 4)}
    return out


def print_ablations(ablations: dict) -> None:
    """The analysis as Markdown tables."""
    print("\n| variant | nDCG@10 | Recall@10 | Recall@100 | MRR@10 | p50 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, v in ablations["variants"].items():
        m = v["metrics"]
        print(f"| {name} | {m['ndcg@10']:.3f} | {m['recall@10']:.3f} | {m['recall@100']:.3f} | {m['mrr@10']:.3f} "
              f"| {v['latency']['p50_ms']:.1f} ms |")
    for title in ("by_language", "by_length"):
        table = ablations[title]
        buckets = list(table["queries"])
        print(f"\n| nDCG@10 {title.replace('_', ' ')} | " + " | ".join(f"{b} ({table['queries'][b]})" for b in buckets)
              + " |")
        print("| --- |" + " --- |" * len(buckets))
        for name, row in table["ndcg@10"].items():
            print(f"| {name} | " + " | ".join(f"{row[b]:.3f}" for b in buckets) + " |")
    print("\n| hybrid against | its nDCG@10 | hybrid better | same | worse | mean gap |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, v in ablations["hybrid_per_query"].items():
        print(f"| {name} | {v['other_ndcg@10']:.3f} | {v['wins']} | {v['ties']} | {v['losses']} "
              f"| {v['mean_gap']:+.3f} |")
