"""Our search beside plain baselines on a BEIR-style set, in one run: the same documents, the same queries, the
same metric code as ``kb eval`` (``search.evaluate``: documents ranked by their best hit, a query's ``self``
dropped before scoring).

    .venv/bin/python benchmarks/baselines.py SET_DIR [--corpus PATH] [--db PATH] [--work DIR] [--ablations]
                                             [--json] [--out FILE]

Systems: ours in each mode (keyword, semantic, hybrid; the settings in force, which are the defaults unless
``KB_*`` variables say otherwise: the output lists any that differ), and the baselines of
``benchmarks/baseline_systems.py`` over whole documents: ``bm25`` (bm25s; English stemmed, Chinese segmented with
jieba), ``dense`` (exact inner product with the model our semantic leg uses, the same loaded instance) and ``rrf``
(reciprocal-rank fusion of the two, k = 60). Each gets nDCG@10, Recall@10, Recall@100 and MRR@10, overall and per
query set (``metadata.set``), the hybrid's per-query difference from it (mean, 95 % paired bootstrap interval, queries
won and lost), and its per-query latency: from the query's text to its 100 ranked documents (ours:
``Searcher.rank`` at ``kb eval``'s depth; ``page`` is ours as the search page runs it, ten results with
snippets, with ``--page-latency``). The systems take turns on each query; the baselines run in this thread, ours
runs its keyword queries beside the embedding. On a machine shared with other work, ``KB_THREADS=1`` keeps the
model from waiting on a second core that is busy elsewhere (measured on such a machine: a query embedded in 33 ms
on one thread, 570 ms on two).

The set's documents are ingested into a store under ``--work`` (default: ``$TMPDIR/kb-baselines``, outside the
project), kept and brought up to date on each run, so re-runs are quick; ``--db`` uses a store that already holds
them, as it is. Document vectors for the dense baseline are cached beside the store. Needs the ``bench`` extra
(``pip install -e '.[bench]'``: bm25s, jieba).

``--ablations`` adds what explains the hybrid's figures: hybrid with its feedback or cross-language legs off,
the keyword leg without its term pruning, the semantic leg without language centring, both baselines over our
chunks (best chunk per document) instead of whole documents, every system by query language and length, and how
often the hybrid loses to its better leg, per query.

Writes ``benchmarks/results/baselines-<set>.json`` unless ``--out`` says otherwise (``--out -``: nowhere).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import fields
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.baseline_systems import BM25, Dense, Tokenizer, embed, rrf
from benchmarks.beir_set import BeirSet, Prepared, documents, open_set, prepare, store_dir
from benchmarks.measured import Measured, baseline, ours, page, rounded, run_systems
from benchmarks.stats import paired_difference
from kb.errors import KBError
from kb.settings import Settings, load_settings
from search import Searcher
from search.evaluate import METRICS, DocumentRanker

MODES = ("keyword", "semantic", "hybrid")
RESULTS = Path(__file__).resolve().parent / "results"


def changed_settings(settings: Settings) -> dict[str, object]:
    """The search settings that differ from the defaults (from ``KB_*`` variables or a config file)."""
    default = Settings()
    return {f.name: getattr(settings, f.name) for f in fields(Settings)
            if f.name != "db" and getattr(settings, f.name) != getattr(default, f.name)}


def run_set(beir: BeirSet, prepared: Prepared, *, ablations: bool, log: Callable[[str], None],
            page_latency: bool = False) -> dict:
    """Every system on one set: the report (JSON-ready)."""
    started, load = time.perf_counter(), os.getloadavg()[0]
    index = prepared.index()
    searcher = Searcher(index)
    docs = documents(prepared.store, beir.qrels)
    ids, texts = [d.id for d in docs], [d.text for d in docs]
    log(f"baselines: indexing {len(docs):,} whole documents")
    built = time.perf_counter()
    tokenizer = Tokenizer()
    bm25 = BM25(ids, texts, tokenizer)
    bm25_seconds = time.perf_counter() - built
    built = time.perf_counter()
    cache = prepared.settings.db.parent / f"dense-{index.embedder().name.replace('/', '_')}.npz"
    dense = Dense(ids, embed(texts, index.embedder(), cache), index.embedder())
    dense_seconds = time.perf_counter() - built
    ranker = DocumentRanker(prepared.store, beir.qrels)
    systems = [*(ours(mode, searcher, mode, ranker) for mode in MODES),
               baseline("bm25", bm25.rank), baseline("dense", dense.rank),
               baseline("rrf", lambda text, depth: rrf({"bm25": bm25.rank(text, depth),
                                                        "dense": dense.rank(text, depth)}, depth)),
               *(page(f"{mode} page", searcher, mode) for mode in MODES if page_latency)]
    log(f"running {len(systems)} systems on {len(beir.queries)} queries, taking turns")
    measured = run_systems(systems, beir, on_query=_progress(log, len(beir.queries)))
    scored = [m for m, s in zip(measured, systems) if s.scored]
    report: dict = {"set": beir.name, "folder": str(beir.folder), "corpus": str(beir.corpus),
                    "documents": prepared.documents, "chunks": prepared.chunks, "queries": len(beir.queries),
                    "model": index.embedder().name, "settings_changed": changed_settings(prepared.settings),
                    "store": {"db": str(prepared.settings.db), "ingest_s": round(prepared.ingest_seconds, 1),
                              "sync_s": round(prepared.sync_seconds, 1)},
                    "baseline_build": {"bm25_s": round(bm25_seconds, 1), "dense_s": round(dense_seconds, 1)},
                    "systems": {m.name: _system(m) for m in scored}}
    report["hybrid_against"] = against_hybrid(report["systems"])
    for m in measured:
        if m.name.endswith(" page"):
            report["systems"][m.name.removesuffix(" page")]["page_latency"] = m.latency()
    if ablations:
        from benchmarks.baseline_ablations import ablate

        report["ablations"] = ablate(beir, prepared, searcher, ranker, scored, tokenizer, log)
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["load_average"] = {"start": round(load, 1), "end": round(os.getloadavg()[0], 1), "cores": os.cpu_count()}
    return report


def against_hybrid(systems: dict[str, dict]) -> dict[str, dict[str, float]]:
    """The hybrid's nDCG@10 less each other system's, per query: the mean, its 95 % paired bootstrap interval,
    and the queries won and lost (the noise a difference between two systems must clear)."""
    hybrid = systems.get("hybrid", {}).get("per_query", {})
    return {name: {k: round(v, 4) for k, v in paired_difference(hybrid, s["per_query"]).items()}
            for name, s in systems.items() if name != "hybrid" and hybrid}


def _progress(log: Callable[[str], None], total: int) -> Callable[[int], None]:
    step = max(1, total // 5)
    return lambda done: log(f"  {done}/{total} queries") if done % step == 0 and done < total else None


def _system(m: Measured) -> dict:
    r = m.result
    return {"metrics": rounded(r.metrics), "groups": {g: rounded(v) for g, v in r.groups.items()},
            "latency": m.latency(),
            "per_query": {q: round(v["ndcg@10"], 4) for q, v in r.per_query.items()}}


def print_tables(report: dict) -> None:
    """The report as Markdown tables: systems, then per query set, then the ablations if any."""
    load = report["load_average"]
    print(f"\n### {report['set']}: {report['queries']} queries, {report['documents']:,} documents "
          f"({report['chunks']:,} chunks), model {report['model']}")
    print(f"{report['seconds']:.0f} s; load average {load['start']} at the start, {load['end']} at the end, "
          f"on {load['cores']} cores")
    if report["settings_changed"]:
        print(f"settings differing from the defaults: {report['settings_changed']}")
    pages = any("page_latency" in s for s in report["systems"].values())
    print("\n| system | nDCG@10 | Recall@10 | Recall@100 | MRR@10 | p50 | p95 |" + (" page p50 |" if pages else ""))
    print("| --- | --- | --- | --- | --- | --- | --- |" + (" --- |" if pages else ""))
    for name, s in report["systems"].items():
        page = s.get("page_latency", {}).get("p50_ms")
        print(f"| {name} | " + " | ".join(f"{s['metrics'][m]:.3f}" for m in METRICS)
              + f" | {s['latency']['p50_ms']:.1f} ms | {s['latency']['p95_ms']:.1f} ms |"
              + ((f" {page:.1f} ms |" if page is not None else " - |") if pages else ""))
    cpu = {name: s["latency"]["cpu_p50_ms"] for name, s in report["systems"].items() if "cpu_p50_ms" in s["latency"]}
    if cpu:  # CPU time of the whole process per query (all threads): what a loaded machine's wall time hides
        print("\nCPU p50 per query: " + ", ".join(f"{name} {ms:.1f} ms" for name, ms in cpu.items())
              + (f" (hybrid {cpu['hybrid'] / cpu['rrf']:.1f}x the RRF baseline's)" if cpu.get("rrf") and "hybrid" in cpu
                 else ""))
    groups = sorted({g for s in report["systems"].values() for g in s["groups"]})
    if groups:
        print("\n| system | " + " | ".join(f"{g} nDCG@10" for g in groups) + " |")
        print("| --- |" + " --- |" * len(groups))
        for name, s in report["systems"].items():
            print(f"| {name} | " + " | ".join(f"{s['groups'][g]['ndcg@10']:.3f}" if g in s["groups"] else "-"
                                              for g in groups) + " |")
    against = report.get("hybrid_against") or against_hybrid(report["systems"])
    if against:
        print("\n| hybrid against | nDCG@10 difference | 95 % paired bootstrap | queries won / lost |")
        print("| --- | --- | --- | --- |")
        for name, d in against.items():
            print(f"| {name} | {d['mean']:+.3f} | {d['low']:+.3f} to {d['high']:+.3f} | {d['wins']} / {d['losses']} |")
    if "ablations" in report:
        from benchmarks.baseline_ablations import print_ablations

        print_ablations(report["ablations"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set_dir", type=Path, help="the set's folder (queries.jsonl, qrels.tsv, corpus/)")
    parser.add_argument("--corpus", type=Path, help="the set's documents, when not where they are looked for")
    parser.add_argument("--db", type=Path, help="a store already holding the set's documents (used as it is)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kb-baselines",
                        help="where the set's store is kept between runs")
    parser.add_argument("--ablations", action="store_true", help="add the analysis of the hybrid's legs")
    parser.add_argument("--page-latency", action="store_true",
                        help="also time ours as the search page runs it (ten results with snippets)")
    parser.add_argument("--json", action="store_true", help="print the JSON report instead of tables")
    parser.add_argument("--out", help="write the JSON report here ('-': nowhere; default "
                                      "benchmarks/results/baselines-<set>.json)")
    args = parser.parse_args()

    def log(message: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    try:
        beir = open_set(args.set_dir, args.corpus)
        db = args.db or store_dir(args.work.resolve(), beir) / "kb.db"
        settings = load_settings(env=os.environ, db=db)
        log(f"{beir.name}: {len(beir.queries)} judged queries; store {db}"
            + (" (as it is)" if args.db else f", brought up to date with {beir.corpus}"))
        prepared = prepare(beir, settings, update=args.db is None)
    except KBError as exc:
        raise SystemExit(f"error: {exc}") from None
    try:
        report = run_set(beir, prepared, ablations=args.ablations, log=log, page_latency=args.page_latency)
    finally:
        prepared.store.close()
    out = None if args.out == "-" else Path(args.out) if args.out else RESULTS / f"baselines-{beir.name}.json"
    if out is not None:
        out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        log(f"wrote {out}")
    if args.json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        print_tables(report)


if __name__ == "__main__":
    main()
