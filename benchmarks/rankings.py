"""Snapshot the first page of results of every query of some BEIR query files, and compare two snapshots.

A change meant to make search faster, not different (a cold start, a cache), must leave every ranking as it was:

    .venv/bin/python benchmarks/rankings.py snapshot --out before.json    # on the old code
    .venv/bin/python benchmarks/rankings.py snapshot --out after.json     # on the new code
    .venv/bin/python benchmarks/rankings.py compare before.json after.json

A snapshot holds, per mode and query, the first page's documents and the chunk ids of their hits, in order (and
their scores, which a comparison reports but does not require equal to the last bit). The store is the one the
settings name (``KB_DB``, ``--db``), already ingested.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
QUERY_FILES = [ROOT / "corpus" / "eval" / "queries.jsonl", ROOT / "corpus" / "eval-dev" / "queries.jsonl"]
MODES = ("hybrid", "keyword")


def snapshot(query_files: list[Path], modes: tuple[str, ...], limit: int) -> dict[str, Any]:
    """Every query's first page, per mode: {mode: {query id: {"documents": [...], "chunks": [...], ...}}}."""
    from kb.settings import load_settings
    from kb.store import Store
    from search import Searcher, SearchIndex, SearchQuery
    from search.evaluate import load_queries

    settings = load_settings(None)
    searcher = Searcher(SearchIndex(Store(settings.db, create=False), settings))
    queries = [q for path in query_files for q in load_queries(path)]
    out: dict[str, Any] = {"queries": len(queries), "modes": {}}
    for mode in modes:
        runs = out["modes"][mode] = {}
        for query in queries:
            results = searcher.search(SearchQuery(query.text, mode=mode, limit=limit))
            runs[f"{query.id}:{query.text[:30]}"] = {
                "total": results.total,
                "documents": [g.document_key for g in results.groups],
                "chunks": [h.chunk_id for g in results.groups for h in g.hits],
                "scores": [round(h.score, 6) for g in results.groups for h in g.hits],
            }
    return out


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The differences between two snapshots (none: every ranking is the same)."""
    problems = []
    for mode, runs in before["modes"].items():
        other = after["modes"].get(mode)
        if other is None:
            problems.append(f"{mode}: missing from the second snapshot")
            continue
        for query, run in runs.items():
            new = other.get(query)
            for part in ("documents", "chunks", "total"):
                if new is None or new[part] != run[part]:
                    problems.append(f"{mode} {query}: {part} differ: {run[part]} -> {new and new[part]}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="write every query's first page, per mode")
    snap.add_argument("--out", type=Path, required=True)
    snap.add_argument("--queries", type=Path, nargs="*", default=QUERY_FILES)
    snap.add_argument("--modes", nargs="*", default=list(MODES))
    snap.add_argument("--limit", type=int, default=10)
    cmp = sub.add_parser("compare", help="compare two snapshots; exit 1 if any ranking differs")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        data = snapshot(args.queries, tuple(args.modes), args.limit)
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{data['queries']} queries x {len(args.modes)} modes -> {args.out}")
        return
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (args.before, args.after))
    problems = compare(before, after)
    for problem in problems:
        print(problem)
    runs = sum(len(r) for r in before["modes"].values())
    print(f"{runs} rankings compared ({', '.join(before['modes'])}): {len(problems)} differ")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
