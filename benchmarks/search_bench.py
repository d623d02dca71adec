"""Search benchmark: ingest throughput vs raw encoding, re-ingest, query latency, memory, index size, ANN recall.

    .venv/bin/python benchmarks/search_bench.py --chunks 10000 [--out benchmarks/results/search-10k.json]
    .venv/bin/python benchmarks/search_bench.py --latency-of DIR   # query latency again on a --keep collection

The second form measures only the query latency and memory on a collection kept by an earlier run (at a quiet
moment, or with new search code), with two references for the machine's speed at that moment: the bare model's
encoding rate and an exact FAISS search's p50. It times a started server: the process first runs the warm-up
that ``kb serve``'s workers run before their first request (search/warm.py; ``--no-warm-up``: five searches
instead, as before 2026-12-03 14:30). Peak RSS includes the warm-up's.

Runs in one process per size (peak RSS is the process's own). Needs ../shared/data.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


from benchmarks.collection import ROOT, available, write_replica
from benchmarks.stats import percentile
from ingest import ingest
from kb.settings import Settings
from kb.store import Filters, Store
from search import Searcher, SearchIndex
from search.evaluate import load_queries
from search.vector_index import VectorIndex
from search.warm import warm_up


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(folder: Path, target: int, settings: Settings, raw_per_replica: int) -> tuple[Store, SearchIndex, dict, dict]:
    """Ingest replicas until the index holds at least ``target`` chunks (corpus first).

    After each replica, the bare model encodes a sample of the distinct texts that replica had embedded: the same
    kind of text, on the machine as it was at that moment (these VMs' speed drifts over a run). That time is
    kept out of the ingest's.
    """
    store = Store(settings.db)
    index = SearchIndex(store, settings)
    started = time.perf_counter()
    embed_seconds = embedded = 0
    raw = {"texts": 0, "seconds": 0.0}
    ingest(store, [ROOT / "corpus"])
    report = index.sync()
    embed_seconds += report.embed_seconds
    embedded += report.embedded
    replica = 0
    while index.chunk_count() < target:
        last_id = store.scalar("SELECT coalesce(max(id), 0) FROM chunks")
        write_replica(folder / f"r{replica}", replica)
        ingest(store, [folder / f"r{replica}"])
        report = index.sync()
        embed_seconds += report.embed_seconds
        embedded += report.embedded
        replica += 1
        paused = time.perf_counter()
        texts, seconds = raw_encode(index, last_id, raw_per_replica)
        raw["texts"] += texts
        raw["seconds"] += seconds
        started += time.perf_counter() - paused  # the bare model's turn is not ingest time
        print(f"  replica {replica}: {index.chunk_count():,} chunks, {time.perf_counter() - started:.0f} s",
              file=sys.stderr)
    seconds = time.perf_counter() - started
    raw["per_second"] = raw["texts"] / raw["seconds"] if raw["seconds"] else 0.0
    return store, index, {"seconds": seconds, "embed_seconds": embed_seconds, "embedded": embedded,
                          "chunks": index.chunk_count(), "documents": store.stats()["documents"],
                          "replicas": replica}, raw


def raw_encode(index: SearchIndex, after_id: int, sample: int) -> tuple[int, float]:
    """The bare model (SentenceTransformer.encode) on a sample of the distinct texts of chunks after ``after_id``."""
    texts = [r[0] for r in index.store.conn.execute(
        "SELECT min(text) FROM chunks WHERE id > ? GROUP BY text_hash ORDER BY random() LIMIT ?", [after_id, sample])]
    model = index.embedder().model
    began = time.perf_counter()
    model.encode(texts, batch_size=index.settings.embed_batch, normalize_embeddings=True, show_progress_bar=False)
    return len(texts), time.perf_counter() - began


PASSES = 3  # latency passes over the queries: this VM's speed drifts, and one pass's p50 moved by 3 ms run to run


def latency(searcher: Searcher, queries: list[str], mode: str, passes: int = PASSES) -> dict:
    """p50 / p95 / mean over every query of every pass, and each pass's p50 (to show the drift)."""
    from search import SearchQuery

    times: list[float] = []
    per_pass = []
    for _ in range(passes):
        mine = []
        for q in queries:
            searcher.index.embedder().forget_queries()  # each timed as a new query: the passes repeat them
            started = time.perf_counter()
            searcher.search(SearchQuery(q, mode=mode, filters=Filters(include_hidden=False)))
            mine.append((time.perf_counter() - started) * 1000)
        per_pass.append(percentile(mine, 50))
        times.extend(mine)
    return {"p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "mean_ms": statistics.mean(times),
            "queries": len(queries), "passes": passes, "p50_per_pass_ms": per_pass}


def quality(searcher: Searcher, name: str = "eval") -> dict:
    """A shipped evaluation set (corpus/eval, the test set, or corpus/eval-dev) run on this collection: its
    judged documents among all the others."""
    from search.evaluate import load_qrels, run_mode

    eval_dir = ROOT / "corpus" / name
    queries, qrels = load_queries(eval_dir / "queries.jsonl"), load_qrels(eval_dir / "qrels.tsv")
    out = {}
    for mode in ("keyword", "semantic", "hybrid"):
        result = run_mode(searcher, queries, qrels, mode)
        out[mode] = {"all": result.metrics, **result.groups}
    return out


def ann(index: SearchIndex, queries: list[str], nprobes: list[int]) -> list[dict]:
    """IVF against exact search: recall@10 and latency, from the same vectors."""
    exact, ids, data = flat_copy(index)
    ivf = VectorIndex(index.model, exact.info.dimension, "ivf", nlist=VectorIndex.ivf_lists(len(ids)))
    started = time.perf_counter()
    ivf.train(data)
    ivf.add(ids, data)
    build_s = time.perf_counter() - started
    qv = index.embedder().encode(queries)
    truth = [{i for i, _ in exact.search(v, 10)} for v in qv]
    exact_times = search_times(exact, qv)
    out = [{"index": "flat (exact)", "nprobe": None, "recall@10": 1.0, "p50_ms": percentile(exact_times, 50),
            "p95_ms": percentile(exact_times, 95)}]
    for nprobe in nprobes:
        ivf.nprobe = nprobe
        times, recalls = [], []
        for v, want in zip(qv, truth):
            t = time.perf_counter()
            got = {i for i, _ in ivf.search(v, 10)}
            times.append((time.perf_counter() - t) * 1000)
            recalls.append(len(got & want) / 10)
        out.append({"index": f"ivf{ivf.info.nlist}", "nprobe": nprobe, "recall@10": statistics.mean(recalls),
                    "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95), "build_s": build_s})
    return out


def bench_queries(store: Store, n: int) -> list[str]:
    """The evaluation queries, then lesson-register titles, the same ones in every run (a fixed sample), so runs
    compare like with like."""
    evals = [q.text for q in load_queries(ROOT / "corpus" / "eval" / "queries.jsonl")]
    titles = [r[0] for r in store.conn.execute(
        "SELECT title FROM documents WHERE doc_type = 'lessons_register' ORDER BY id")]
    return (evals + random.Random(0).sample(titles, min(len(titles), n)))[:n]


def latency_of(folder: Path, n: int, started_server: bool = True) -> dict:
    """Query latency per mode on a kept collection, with the machine's speed beside it (bare model, exact FAISS).

    ``started_server``: time the searches of a server after its warm-up (search/warm.py, what ``kb serve``'s
    workers run before their first request); else of a process warmed by five searches only, as before."""
    settings = Settings(db=folder / "kb.db")
    if not settings.db.exists():
        sys.exit(f"{settings.db}: no kept collection there (run with --keep {folder} first)")
    store = Store(settings.db)
    index = SearchIndex(store, settings)
    index.sync()
    searcher = Searcher(index)
    queries = bench_queries(store, n)
    result: dict = {"chunks": index.chunk_count()}
    if started_server:
        # A started server (kb serve): the warm-up its workers run before their first request (web/server.py calls
        # this same function on the app's index), then no other warming; what it loads depends on no query.
        result["warm_up_seconds"] = warm_up(index)
    else:
        latency(searcher, queries[:5], "hybrid")
    result["load_before"] = os.getloadavg()
    texts, seconds = raw_encode(index, 0, 400)
    result["raw_encode_per_second"] = texts / seconds
    result["latency"] = {mode: latency(searcher, queries, mode) for mode in ("keyword", "semantic", "hybrid")}
    result["load_after"] = os.getloadavg()
    result["peak_rss_mb"] = rss_mb()
    result["exact_faiss_p50_ms"] = exact_p50(index, queries)
    store.close()
    return result


def flat_copy(index: SearchIndex):
    """An exact (flat) index over the collection's vectors, with the ids and vectors it was built from."""
    current = index.vectors()
    ids = current.ids()
    data = current.vectors(ids.tolist())
    exact = VectorIndex(index.model, current.info.dimension, "flat")
    exact.add(ids, data)
    return exact, ids, data


def search_times(vectors: VectorIndex, query_vectors) -> list[float]:
    """Milliseconds of each query vector's top-ten search."""
    times = []
    for v in query_vectors:
        started = time.perf_counter()
        vectors.search(v, 10)
        times.append((time.perf_counter() - started) * 1000)
    return times


def exact_p50(index: SearchIndex, queries: list[str]) -> float:
    """p50 of an exact (flat) FAISS search over the collection's vectors: pure arithmetic, a reference for how fast
    the machine is at the moment (8.8 ms at 112,479 chunks in the first 100k run)."""
    exact, _, _ = flat_copy(index)
    return percentile(search_times(exact, index.embedder().encode(queries)), 50)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--raw-per-replica", type=int, default=400,
                        help="distinct texts the bare model encodes after each replica, for the raw encode rate")
    parser.add_argument("--keep", type=Path, help="keep the built collection in this folder")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--latency-of", type=Path, metavar="DIR",
                        help="only measure query latency on the collection an earlier --keep run left in DIR")
    parser.add_argument("--no-warm-up", action="store_true",
                        help="with --latency-of: five searches instead of the server's warm-up (the figures before it)")
    args = parser.parse_args()
    if args.latency_of:
        result = latency_of(args.latency_of, args.queries, started_server=not args.no_warm_up)
        print(json.dumps(result, indent=2))
        if args.out:
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(result, indent=2))
        return
    if not available():
        sys.exit("needs ../shared/data (llis, hadoop-bugs)")
    work = args.keep or Path(tempfile.mkdtemp(prefix="kb-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    settings = Settings(db=work / "kb.db")  # the defaults: flat up to ann_threshold chunks, IVF above
    result: dict = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                                "platform": platform.platform()}, "target_chunks": args.chunks}
    store, index, first, raw = build(work / "files", args.chunks, settings, args.raw_per_replica)
    result["ingest"] = {**first, "chunks_per_second": first["chunks"] / first["seconds"],
                        "embedded_per_second": first["embedded"] / max(first["embed_seconds"], 1e-9)}
    result["raw_encode"] = raw
    # Texts the pipeline embedded per second of ingest wall time, against the bare model on the same kind of text
    # (chunks served from the embedding cache are left out, so the ratio is not flattered).
    result["ingest"]["embedded_per_wall_second"] = first["embedded"] / first["seconds"]
    result["ingest"]["ratio_to_raw"] = result["ingest"]["embedded_per_wall_second"] / raw["per_second"]
    started = time.perf_counter()
    paths = [ROOT / "corpus", *sorted((work / "files").iterdir())]
    again = ingest(store, paths)
    index.sync()
    result["reingest"] = {"seconds": time.perf_counter() - started, "unchanged_files": again.unchanged,
                          "share_of_first": (time.perf_counter() - started) / first["seconds"]}
    searcher = Searcher(index)
    queries = bench_queries(store, args.queries)
    latency(searcher, queries[:5], "hybrid")  # warm-up: model, dictionary, vocabulary
    result["index_type"] = index.vectors().info.index_type
    result["latency"] = {mode: latency(searcher, queries, mode) for mode in ("keyword", "semantic", "hybrid")}
    fast = Searcher(SearchIndex(store, settings.replace(feedback_weight=0, cross_feedback_weight=0)))
    result["latency"]["hybrid_without_feedback"] = latency(fast, queries, "hybrid")
    result["quality_at_scale"] = quality(searcher)
    result["quality_at_scale_dev"] = quality(searcher, "eval-dev")
    result["disk"] = {"database_mb": settings.db.stat().st_size / 1e6,
                      "faiss_mb": index.path.stat().st_size / 1e6}
    result["peak_rss_mb"] = rss_mb()  # ingest, index, search: what a user's process needs
    result["ann"] = ann(index, queries, [16, 32, 64, 128, 256])
    result["peak_rss_with_ann_comparison_mb"] = rss_mb()  # plus a flat and an IVF copy for the comparison
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text)
    store.close()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
