"""The fusion by score, replayed: each judged query's keyword and semantic legs captured once as ``kb eval`` ranks
them (hybrid, 1,000 chunks a leg, with their scores, weights and the semantic leg's collection spread), then fused
again offline by each variant of ``search.hybrid.standardised_fusion``, beside the dense and BM25 baselines of
``benchmarks/baselines.py`` (BENCHMARKS.md, "The fusion by score, per leg").

    .venv/bin/python benchmarks/score_fusion.py SET_DIR [--db PATH] [--work DIR] [--json] [--out FILE]

Queries the collection ranks by rank fusion (across languages) keep their captured ranking in every variant. The
first variant is the default and must equal ``kb eval``'s hybrid; each variant gets nDCG@10 and its difference
from the default, from the best leg (semantic) and from dense search, with 95 % paired bootstrap intervals.
"""

from __future__ import annotations

import math
import pickle
import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.baseline_systems import BM25, Dense, Tokenizer, embed
from benchmarks.beir_set import documents
from benchmarks.losses import causes
from benchmarks.reader_sets import arguments, emit, log, open_store
from benchmarks.stats import paired_difference
from kb.store import Filters
from search import Searcher
from search import legs as legs_module
from search.evaluate import DocumentRanker, ndcg
from search.hybrid import _z_scores, standardised_fusion

DEPTH = 100  # documents per query, from DEPTH x 10 chunks a leg (as kb eval)


def capture(searcher: Searcher, text: str) -> dict:
    """The query's legs as the last fusion saw them (scores, weights, spreads, by score or not) and its ranking."""
    seen: list[dict] = []
    fuse = legs_module.Legs.fuse

    def spy(self, weights, **kwargs):  # type: ignore[no-untyped-def]
        seen.append({"scored": {k: list(v) for k, v in self.scored.items()}, "weights": dict(weights),
                     "by_score": kwargs.get("by_score", False), "spreads": kwargs.get("spreads")})
        return fuse(self, weights, **kwargs)

    legs_module.Legs.fuse = spy  # type: ignore[method-assign]
    try:
        fused = searcher.rank(text, "hybrid", Filters(), depth=DEPTH * 10)
    finally:
        legs_module.Legs.fuse = fuse  # type: ignore[method-assign]
    return {**seen[-1], "ranked": [f.id for f in fused]}


def fuse(legs: dict, *, keyword: float = 1.0, keyword_floor: float | None = None, keyword_cap: float | None = None,
         keyword_sample: int = 100, transform: Callable[[float], float] | None = None, peaked: bool = False,
         near: tuple[float, float, float] | None = None) -> list:
    """``search.hybrid.standardised_fusion`` of a query's captured legs (the same sums, order and ties), changed as
    asked: the keyword leg's weight × ``keyword``; its z never below ``keyword_floor`` nor above ``keyword_cap``;
    its mean and deviation over its first ``keyword_sample`` scores; each z through ``transform``; each leg weighed
    by how peaked its z-scores are (its first less the mean of its 2nd-10th); or the keyword leg's weight lowered
    as the semantic leg's best cosine rises: ``near`` = (from, to, share): × 1 at ``from``, × share at ``to``."""
    spreads = legs["spreads"] or {}
    standard = {}
    for leg, pairs in legs["scored"].items():
        weight = legs["weights"].get(leg, 1.0) * (keyword if leg == "keyword" else 1.0)
        if weight <= 0 or not pairs:
            continue
        z = _z_scores(pairs, keyword_sample if leg == "keyword" else 100, spreads.get(leg))
        values = list(z.values())
        floor = values[min(200, len(values)) - 1]
        if leg == "keyword" and keyword_floor is not None:
            floor = max(floor, keyword_floor)
        if peaked:
            weight *= max(values[0] - sum(values[1:10]) / max(1, len(values[1:10])), 1e-3)
        if leg == "keyword" and near and legs["scored"].get("semantic"):
            low, high, share = near
            best = legs["scored"]["semantic"][0][1]
            weight *= 1.0 if best <= low else share if best >= high else 1 - (1 - share) * (best - low) / (high - low)
        standard[leg] = (z, floor, weight, keyword_cap if leg == "keyword" else None)
    scores: dict = {}
    for z, _, _, _ in standard.values():
        for item in z:
            scores.setdefault(item, 0.0)
    for item in scores:
        total = 0.0
        for z, floor, weight, cap in standard.values():
            value = max(z.get(item, floor), floor)
            value = min(value, cap) if cap is not None else value
            total += weight * (transform(value) if transform else value)
        scores[item] = total
    return sorted(scores, key=scores.__getitem__, reverse=True)


def default(legs: dict) -> list:
    return [f.id for f in standardised_fusion(legs["scored"], legs["weights"], spreads=legs["spreads"])]


VARIANTS: dict[str, Callable[[dict], list]] = {
    "default": default,
    "keyword × 0.3": lambda legs: fuse(legs, keyword=0.3),
    "keyword × 0.5": lambda legs: fuse(legs, keyword=0.5),
    "keyword z floor 1 (counts only above 1)": lambda legs: fuse(legs, keyword_floor=1.0),
    "keyword z capped at 3": lambda legs: fuse(legs, keyword_cap=3.0),
    "keyword z over its first 50": lambda legs: fuse(legs, keyword_sample=50),
    "each leg × how peaked (z1 − mean z2..z10)": lambda legs: fuse(legs, peaked=True),
    "exp(z / 3)": lambda legs: fuse(legs, transform=lambda z: math.exp(z / 3)),
    "keyword × 1 → 0.3 as the best cosine goes 0.8 → 0.9": lambda legs: fuse(legs, near=(0.8, 0.9, 0.3)),
}


def without_self(legs: dict, chunk_doc: dict, origin: str | None) -> dict:
    """The legs without the chunks of the query's own document, as if the query were not stored (a query of
    lcqmc-dev is itself a stored question, which both legs rank first and which is left out only after fusion)."""
    if origin is None:
        return legs
    scored = {leg: [(i, s) for i, s in pairs if chunk_doc.get(i) != origin] for leg, pairs in legs["scored"].items()}
    return {**legs, "scored": scored}


def measure(searcher: Searcher, beir, captured: dict, baselines: dict,  # type: ignore[no-untyped-def]
            no_self: bool = False) -> dict:
    ranker = DocumentRanker(searcher.store, beir.qrels)
    chunk_doc = ranker.chunk_doc
    queries = [q for q in beir.queries if q.id in beir.qrels]
    runs: dict[str, dict[str, float]] = {}
    for name, variant in VARIANTS.items():
        run = {}
        for q in queries:
            legs = without_self(captured[q.id], chunk_doc, q.origin) if no_self else captured[q.id]
            chunks = variant(legs) if legs["by_score"] else legs["ranked"]
            docs = [d for d in dict.fromkeys(map(chunk_doc.get, chunks)) if d is not None and d != q.origin]
            run[q.id] = ndcg(docs[:DEPTH], beir.qrels[q.id], 10)
        runs[name] = run
    for leg in ("keyword", "semantic"):
        run = {}
        for q in queries:
            pairs = captured[q.id]["scored"].get(leg, [])
            docs = [d for d in dict.fromkeys(chunk_doc.get(i) for i, _ in pairs) if d is not None and d != q.origin]
            run[q.id] = ndcg(docs[:DEPTH], beir.qrels[q.id], 10)
        runs[f"leg {leg}"] = run
    runs.update(baselines)
    report = {"set": beir.name, "queries": len(queries), "no_self": no_self,
              "by_score": sum(captured[q.id]["by_score"] for q in queries), "variants": {}}
    for name, run in runs.items():
        row = {"ndcg10": sum(run.values()) / len(run)}
        for other in ("default", "leg semantic", "dense"):
            if other in runs and other != name:
                row[f"vs {other}"] = paired_difference(run, runs[other])
        report["variants"][name] = row
    return report


def labelled(path: Path) -> dict[tuple[str, str], str]:
    """The labelled pairs of a TSV of ``text, text, label`` (LCQMC's), each pair both ways."""
    pairs: dict[tuple[str, str], str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 3:
            pairs[(parts[0], parts[1])] = pairs[(parts[1], parts[0])] = parts[2]
    return pairs


def disputed(searcher: Searcher, beir, captured: dict, labels: dict[tuple[str, str], str],  # type: ignore[no-untyped-def]
             show: int = 0) -> dict:
    """For each query the hybrid ranks better or worse than its semantic leg (nDCG@10), the documents that decide it
    (each one that the worse of the two puts above a relevant document and the better does not:
    ``benchmarks.losses.causes``), counted by how ``labels`` labels them with the query's text: "1", "0", "never";
    with ``show``, that many of each side drawn at random (seed 1) as (query, document, a relevant document), to read."""
    ranker = DocumentRanker(searcher.store, beir.qrels)
    titles = {ranker.resolve(key): title for key, title in searcher.store.conn.execute("SELECT key, title FROM documents")}
    counts: dict[str, Counter] = {"lost": Counter(), "won": Counter()}
    found: dict[str, list[tuple[str, str, str]]] = {"lost": [], "won": []}

    def docs(chunks, origin):  # type: ignore[no-untyped-def]
        return [d for d in dict.fromkeys(map(ranker.chunk_doc.get, chunks)) if d is not None and d != origin][:DEPTH]

    for q in (q for q in beir.queries if q.id in beir.qrels and captured[q.id]["by_score"]):
        legs = captured[q.id]
        hybrid, semantic = docs(default(legs), q.origin), docs([i for i, _ in legs["scored"]["semantic"]], q.origin)
        ours, theirs = ndcg(hybrid, beir.qrels[q.id], 10), ndcg(semantic, beir.qrels[q.id], 10)
        if abs(ours - theirs) < 1e-9:
            continue
        side = "lost" if ours < theirs else "won"
        worse, better = (hybrid, semantic) if side == "lost" else (semantic, hybrid)
        wrong = {w for _, w, _ in causes(worse, better, {}, beir.qrels[q.id])}
        counts[side].update(labels.get((q.text, titles.get(w, "")), "never") for w in wrong)
        right = titles.get(min(beir.qrels[q.id]), "")
        found[side] += [(q.text, titles.get(w, ""), right) for w in sorted(wrong)]
    rng = random.Random(1)
    return {side: {"labels": dict(c), "documents": len(found[side]),
                   "drawn": rng.sample(found[side], min(show, len(found[side])))} for side, c in counts.items()}


def main() -> None:
    def extra(parser) -> None:  # type: ignore[no-untyped-def]
        parser.add_argument("--fresh", action="store_true", help="capture the legs again")
        parser.add_argument("--no-self", action="store_true",
                            help="fuse each query's legs without its own document (see without_self)")
        parser.add_argument("--labels", type=Path, help="labelled pairs (TSV: text, text, 0 or 1; LCQMC's): how the "
                            "documents deciding the hybrid's wins and losses against its semantic leg are labelled")
        parser.add_argument("--show", type=int, default=0, help="with --labels: print this many of those documents "
                            "of each side, drawn at random")

    args = arguments(__doc__, extra)
    beir, prepared = open_store(args)
    try:
        index = prepared.index()
        searcher = Searcher(index)
        cache = prepared.settings.db.parent / f"score-fusion-{beir.name}.pickle"
        if cache.is_file() and not args.fresh:
            captured, baselines = pickle.loads(cache.read_bytes())
        else:
            log(f"capturing {len(beir.queries)} queries' legs")
            captured = {q.id: capture(searcher, q.text) for q in beir.queries if q.id in beir.qrels}
            docs = documents(prepared.store, beir.qrels)
            ids, texts = [d.id for d in docs], [d.text for d in docs]
            dense_cache = prepared.settings.db.parent / f"dense-{index.embedder().name.replace('/', '_')}.npz"
            systems = {"dense": Dense(ids, embed(texts, index.embedder(), dense_cache), index.embedder()),
                       "bm25": BM25(ids, texts, Tokenizer())}
            baselines = {}
            for name, system in systems.items():
                baselines[name] = {}
                for q in beir.queries:
                    if q.id in beir.qrels:
                        ranked = [d for d, _ in system.rank(q.text, DEPTH + 1) if d != q.origin][:DEPTH]
                        baselines[name][q.id] = ndcg(ranked, beir.qrels[q.id], 10)
            cache.write_bytes(pickle.dumps((captured, baselines)))
        report = measure(searcher, beir, captured, baselines, args.no_self)
        if args.labels:
            report["disputed"] = disputed(searcher, beir, captured, labelled(args.labels), args.show)
    finally:
        prepared.store.close()
    if emit(report, args):
        return
    print(f"\n### {report['set']}: {report['queries']} queries, {report['by_score']} fused by score"
          + (", each without its own document" if report["no_self"] else "") + "\n")
    print("| variant | nDCG@10 | against the default | against the semantic leg | against dense |")
    print("| --- | --- | --- | --- | --- |")
    for name, row in report["variants"].items():
        cells = [f"{row['ndcg10']:.4f}"]
        for other in ("default", "leg semantic", "dense"):
            d = row.get(f"vs {other}")
            cells.append(f"{d['mean']:+.4f} ({d['low']:+.3f} to {d['high']:+.3f}; {d['wins']} / {d['losses']})"
                         if d else "—")
        print(f"| {name} | " + " | ".join(cells) + " |")
    for side, found in report.get("disputed", {}).items():
        print(f"\n{found['documents']} documents deciding the queries the hybrid {side} against its semantic leg, by "
              f"their label with the query: " + ", ".join(f"{label} {n}" for label, n in sorted(found["labels"].items())))
        for query, document, right in found["drawn"]:
            print(f"  {query} | {document} | relevant: {right}")


if __name__ == "__main__":
    main()
