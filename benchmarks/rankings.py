"""Snapshot the first page of results of every query of some BEIR query files, and compare two snapshots.

A change meant to make search faster, not different (a cold start, a cache), must leave every ranking as it was:

    .venv/bin/python benchmarks/rankings.py snapshot --out before.json    # on the old code
    .venv/bin/python benchmarks/rankings.py snapshot --out after.json     # on the new code
    .venv/bin/python benchmarks/rankings.py compare before.json after.json

The code that runs is the checkout this script is in (not the installed package). A snapshot holds, per mode
and query, the first page's documents and the chunk ids of their hits, in order (and
their scores, which a comparison reports but does not require equal to the last bit). The store is the one the
settings name (``KB_DB``, ``--db``), already ingested.

``--depth 1000`` also records each query's whole fused chunk ranking as ``kb eval`` and
``benchmarks/baselines.py`` rank it (``Searcher.rank`` without filters, that many chunks per leg), ids and scores;
a comparison then requires the ids equal, in order, and counts the scores that differ at all (``--rounds 2``
ranks every query twice, the second time with everything it loads in memory: a ranking must not depend on it).
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


def snapshot(query_files: list[Path], modes: tuple[str, ...], limit: int, depth: int = 0,
             rounds: int = 1) -> dict[str, Any]:
    """Every query's first page, per mode: {mode: {query id: {"documents": [...], "chunks": [...], ...}}}; with a
    ``depth``, also its fused ranking at that depth ("fused": [[chunk id, score], ...]), ranked ``rounds`` times."""
    sys.path.insert(0, str(ROOT))  # this checkout's code, not the installed package's
    from kb.settings import load_settings
    from kb.store import Filters, Store
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
    for repeat in range(rounds if depth else 0):
        for mode in modes:
            for query in queries:
                fused = searcher.rank(query.text, mode, Filters(), depth=depth)
                out["modes"][mode][f"{query.id}:{query.text[:30]}"][f"fused{repeat or ''}"] = [
                    [f.id, f.score] for f in fused]
    return out


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """The differences between two snapshots (none: every ranking is the same; a line that starts with "same ids"
    says a fused ranking's ids are the same, in order, but some of its scores are not the same to the last bit)."""
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
            for part in (p for p in run if p.startswith("fused")):
                problems.extend(_fused_problems(f"{mode} {query} ({part})", run[part], (new or {}).get(part)))
    return problems


def _fused_problems(name: str, before: list[list[float]], after: list[list[float]] | None) -> list[str]:
    """A fused ranking's ids must be the same, in order; its scores are reported where they differ at all."""
    if after is None:
        return [f"{name}: missing from the second snapshot"]
    ids, new_ids = [i for i, _ in before], [i for i, _ in after]
    if ids != new_ids:
        at = next((n for n, (a, b) in enumerate(zip(ids, new_ids)) if a != b), min(len(ids), len(new_ids)))
        return [f"{name}: ranked ids differ from place {at + 1} ({len(ids)} -> {len(new_ids)} chunks)"]
    moved = sum(1 for (_, a), (_, b) in zip(before, after) if a != b)
    return [f"{name}: same ids, {moved} scores differ in their last bits"] if moved else []


def fused_count(snapshot: dict[str, Any]) -> int:
    """How many fused rankings a snapshot holds."""
    return sum(1 for runs in snapshot["modes"].values() for run in runs.values() for p in run if p.startswith("fused"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    snap = sub.add_parser("snapshot", help="write every query's first page, per mode")
    snap.add_argument("--out", type=Path, required=True)
    snap.add_argument("--queries", type=Path, nargs="*", default=QUERY_FILES)
    snap.add_argument("--modes", nargs="*", default=list(MODES))
    snap.add_argument("--limit", type=int, default=10)
    snap.add_argument("--depth", type=int, default=0, help="also record each fused ranking at this depth (1000: as "
                                                           "kb eval and benchmarks/baselines.py rank)")
    snap.add_argument("--rounds", type=int, default=1, help="rank the fused rankings this many times")
    cmp = sub.add_parser("compare", help="compare two snapshots; exit 1 if any ranking differs")
    cmp.add_argument("before", type=Path)
    cmp.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "snapshot":
        data = snapshot(args.queries, tuple(args.modes), args.limit, args.depth, args.rounds)
        args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        print(f"{data['queries']} queries x {len(args.modes)} modes -> {args.out}")
        return
    before, after = (json.loads(p.read_text(encoding="utf-8")) for p in (args.before, args.after))
    problems = compare(before, after)
    for problem in problems:
        print(problem)
    failed = [p for p in problems if ": same ids, " not in p]
    runs = sum(len(r) for r in before["modes"].values())
    print(f"{runs} first pages and {fused_count(before)} fused rankings compared ({', '.join(before['modes'])}): "
          f"{len(failed)} differ in their order, {len(problems) - len(failed)} only in some scores' last bits")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
