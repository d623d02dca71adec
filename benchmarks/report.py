"""Print the Markdown tables of BENCHMARKS.md from benchmarks/results/*.json (all, or one section).

    .venv/bin/python benchmarks/report.py [search|web|digest|load|baselines]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def load(name: str) -> dict | None:
    path = RESULTS / name
    return json.loads(path.read_text()) if path.exists() else None


def search_tables() -> None:
    runs = [(name, load(f"search-{name}.json")) for name in ("10k", "100k")]
    runs = [(n, r) for n, r in runs if r]
    if not runs:
        return
    print("| collection | chunks | documents | index | first ingest | texts embedded | embedded/s of ingest time "
          "| raw model encode/s | ratio | re-ingest unchanged | share of first |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, r in runs:
        i, raw, re = r["ingest"], r["raw_encode"], r["reingest"]
        rate = i["embedded"] / i["seconds"]
        print(f"| {name} | {i['chunks']:,} | {i['documents']:,} | {r.get('index_type', 'flat')} | {i['seconds']:.0f} s "
              f"| {i['embedded']:,} | {rate:.0f} | {raw['per_second']:.0f} | {rate / raw['per_second']:.2f} "
              f"| {re['seconds']:.2f} s | {re['share_of_first'] * 100:.3f} % |")
    print()
    print("| collection | mode | p50 | p95 | mean | p50 of each pass |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, r in runs:
        for mode, lat in r["latency"].items():
            passes = " / ".join(f"{p:.1f}" for p in lat.get("p50_per_pass_ms", []))  # older runs: one pass
            print(f"| {name} | {mode.replace('_', ' ')} | {lat['p50_ms']:.1f} ms | {lat['p95_ms']:.1f} ms "
                  f"| {lat['mean_ms']:.1f} ms | {passes or 'one pass'} |")
    print()
    print("| collection | peak RSS (ingest + index + search) | database | FAISS file |")
    print("| --- | --- | --- | --- |")
    for name, r in runs:
        print(f"| {name} | {r['peak_rss_mb']:.0f} MB | {r['disk']['database_mb']:.0f} MB | {r['disk']['faiss_mb']:.0f} MB |")
    print()
    scaled = [(n, r) for n, r in runs if "quality_at_scale" in r]
    if scaled:
        print("| collection | queries | mode | nDCG@10 all | Recall@10 all | nDCG@10 zh | nDCG@10 en | nDCG@10 cross "
              "| Recall@10 cross |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for name, r in scaled:
            for key, label in (("quality_at_scale", "test (corpus/eval)"), ("quality_at_scale_dev", "dev (corpus/eval-dev)")):
                for mode, q in r.get(key, {}).items():
                    print(f"| {name} | {label} | {mode} | {q['all']['ndcg@10']:.3f} | {q['all']['recall@10']:.3f} "
                          f"| {q['zh']['ndcg@10']:.3f} | {q['en']['ndcg@10']:.3f} | {q['cross']['ndcg@10']:.3f} "
                          f"| {q['cross']['recall@10']:.3f} |")
        print()
    print("| collection | index | nprobe | recall@10 vs exact | p50 | p95 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for name, r in runs:
        for a in r["ann"]:
            print(f"| {name} | {a['index']} | {a['nprobe'] or ''} | {a['recall@10']:.3f} | {a['p50_ms']:.2f} ms "
                  f"| {a['p95_ms']:.2f} ms |")
    print()


def digest_table() -> None:
    d = load("digest-1000.json")
    if not d:
        return
    print("| subscribers | sent | nothing new | failed | received by the server | time | messages/s | average size |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    print(f"| {d['subscribers']:,} | {d['sent']:,} | {d['empty']} | {d['failed']} | {d['received_by_server']:,} "
          f"| {d['seconds']:.1f} s | {d['messages_per_second']:.1f} | {d['average_message_kb']:.1f} KB |")
    print()


def load_table() -> None:
    d = load("load.json")
    if not d:
        return
    print(f"{d['documents']:,} documents; `kb serve` with {d.get('server_workers', 1)} processes x "
          f"{d['server_threads']} threads; {d['seconds_per_level']:.0f} s per level; a curator tags documents "
          "throughout.")
    print()
    print("| users | think time | requests | requests/s | p50 | p95 | p99 | errors | tag writes | server RSS |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for lv in d["levels"]:
        think = f"{lv.get('think_s', 0):g} s" if lv.get("think_s") else "none"
        print(f"| {lv['users']} | {think} | {lv['requests']:,} | {lv['requests_per_second']:.1f} | {lv['p50_ms']:.0f} ms "
              f"| {lv['p95_ms']:.0f} ms | {lv['p99_ms']:.0f} ms | {lv['errors']} | {lv['tag_writes']} "
              f"| {lv['server_rss_mb']:.0f} MB |")
    print()
    print(f"Server memory: {d['rss_after_warmup_mb']:.0f} MB after warm-up, {d['rss_after_run_mb']:.0f} MB after the "
          f"run ({d['rss_growth'] * 100:+.1f} %).")
    print()


def web_table() -> None:
    rows = [r for r in (load("web-corpus.json"), load("web-10k.json")) if r]
    if not rows:
        return
    print("| collection | documents | search page p50 | p95 | /api/search p50 | p95 |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        page, api = r["search page"], r["/api/search"]
        print(f"| {r['label']} | {r['documents']:,} | {page['p50_ms']:.0f} ms | {page['p95_ms']:.0f} ms "
              f"| {api['p50_ms']:.0f} ms | {api['p95_ms']:.0f} ms |")
    print()


def baselines_tables() -> None:
    """One table per set measured by benchmarks/baselines.py (ours beside the plain baselines)."""
    import sys

    sys.path.insert(0, str(RESULTS.parent.parent))
    from benchmarks.baselines import print_tables

    for path in sorted(RESULTS.glob("baselines-*.json")):
        print_tables(json.loads(path.read_text(encoding="utf-8")))
    print()


SECTIONS = {"search": search_tables, "web": web_table, "digest": digest_table, "load": load_table,
            "baselines": baselines_tables}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sections", nargs="*", metavar="SECTION", help=f"one of {', '.join(SECTIONS)} [default: all]")
    args = parser.parse_args()
    unknown = [name for name in args.sections if name not in SECTIONS]
    if unknown:
        parser.error(f"no section {unknown[0]!r}; sections are {', '.join(SECTIONS)}")
    for name in args.sections or list(SECTIONS):
        SECTIONS[name]()


if __name__ == "__main__":
    main()
