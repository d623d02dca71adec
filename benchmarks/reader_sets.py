"""What the benchmarks over a BEIR-style set's store share (language_bench.py, relevance_bench.py, short_chunks.py,
dense_feedback.py, losses.py, cross_misses.py): opening the store, their command line, and writing the report."""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.beir_set import BeirSet, Prepared, open_set, prepare, store_dir
from kb.errors import KBError
from kb.settings import load_settings

RESULTS = Path(__file__).resolve().parent / "results"


def arguments(description: str | None, extra: Callable[[argparse.ArgumentParser], None] | None = None
              ) -> argparse.Namespace:
    """The command line: a set's folder, where its store is, --json and --out."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set_dir", type=Path, help="the set's folder (queries.jsonl, qrels.tsv, corpus/)")
    parser.add_argument("--corpus", type=Path, help="the set's documents, when not where they are looked for")
    parser.add_argument("--db", type=Path, help="a store already holding the set's documents (used as it is)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kb-baselines",
                        help="where the set's store is kept between runs (shared with benchmarks/baselines.py)")
    parser.add_argument("--json", action="store_true", help="print the JSON report instead of tables")
    parser.add_argument("--out", help="write the JSON report here ('-' or absent: nowhere)")
    if extra:
        extra(parser)
    return parser.parse_args()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def open_store(args: argparse.Namespace) -> tuple[BeirSet, Prepared]:
    """The set and a store holding its documents (brought up to date unless --db names one)."""
    try:
        beir = open_set(args.set_dir, args.corpus)
        db = args.db or store_dir(args.work.resolve(), beir) / "kb.db"
        settings = load_settings(env=os.environ, db=db)
        log(f"{beir.name}: {len(beir.queries)} judged queries; store {db}")
        return beir, prepare(beir, settings, update=args.db is None)
    except KBError as exc:
        raise SystemExit(f"error: {exc}") from None


def spread(values: list[int]) -> dict[str, float]:
    """Median, 90th percentile and largest of some counts."""
    if not values:
        return {"median": 0, "p90": 0, "max": 0}
    ordered = sorted(values)
    return {"median": statistics.median(ordered), "p90": ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))],
            "max": ordered[-1]}


def _write_report(report: dict, out: str | None) -> None:
    if out and out != "-":
        import json

        Path(out).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        log(f"wrote {out}")


def emit(report: dict, args: argparse.Namespace) -> bool:
    """The report written to ``--out`` and, with ``--json``, printed as JSON.

    Returns:
        True when it was printed: the caller prints no tables.
    """
    _write_report(report, args.out)
    if args.json:
        import json

        print(json.dumps(report, indent=1, ensure_ascii=False))
    return bool(args.json)
