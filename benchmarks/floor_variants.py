"""Relevance floors compared on the same searches (the inputs benchmarks/floor_capture.py kept).

    .venv/bin/python benchmarks/floor_variants.py --judged A.pkl ... --offtopic B.pkl ... --ontopic C.pkl ...
        [--clear 0.30 0.35 0.40 0.45] [--covered 0.6 0.65 0.7 0.75 0.8] [--list]

For each pair of ``Floor.clear`` and ``Floor.covered`` (search/relevance.py; the other values as shipped), and for
the floor before coverage (``clear`` 0: coverage never asked): the judged relevant documents among each judged
query's first ten that were above the old floor and fall under this one (the keep rule: none), the on-topic probes
that kept documents before and keep none now, and the off-topic probes returning more than 5 documents, per file.
``--list`` prints, for the shipped values, each probe's documents before and after, its best cosine and coverage.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from search.coverage import coverage
from search.relevance import FLOOR, Evidence, Floor, above_floor

MAX_RETURNED = 5


def flags(row: dict, floor: Floor) -> list[bool]:
    """The floor on one captured query."""
    evidence = Evidence(found=row["found"], cosines=row["cosines"], whole_query=lambda: row["whole_query"],
                        coverage=lambda: coverage(*row["coverage"], row["credit"]))
    return above_floor(row["documents"], evidence, floor)


def judged_lost(rows: list[dict], floor: Floor, before: Floor) -> tuple[int, int]:
    """Judged relevant documents of the first ten (the query's own document left out) above ``before``; of them,
    those under ``floor``."""
    above = lost = 0
    for row in rows:
        listed = [(grade, old, new) for key, grade, old, new
                  in zip(row["keys"], row["grades"], flags(row, before), flags(row, floor)) if key != row.get("origin")]
        for grade, old, new in listed[:10]:
            above += grade > 0 and old
            lost += grade > 0 and old and not new
    return above, lost


def best_cosine(row: dict) -> float:
    return max((row["cosines"].get(c, -1.0) for chunks in row["documents"] for c in chunks), default=-1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("judged", "offtopic", "ontopic"):
        parser.add_argument(f"--{name}", nargs="*", type=Path, default=[])
    parser.add_argument("--clear", nargs="*", type=float, default=[0.30, 0.35, 0.40, 0.45])
    parser.add_argument("--covered", nargs="*", type=float, default=[0.6, 0.65, 0.7, 0.75, 0.8])
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args()
    sets = {kind: {p.stem: pickle.loads(p.read_bytes()) for p in getattr(args, kind)}
            for kind in ("judged", "offtopic", "ontopic")}
    before = replace(FLOOR, clear=0.0)
    floors = [("before", before)] + [(f"clear {s} covered {c}", replace(FLOOR, clear=s, covered=c))
                                     for s in args.clear for c in args.covered]
    print("| floor | judged relevant under it (first 10) | on-topic probes emptied | off-topic over 5 |")
    print("| --- | --- | --- | --- |")
    for name, floor in floors:
        lost = {n: judged_lost(rows, floor, before) for n, rows in sets["judged"].items()}
        emptied = sum(sum(flags(r, before)) > 0 and not any(flags(r, floor)) for rows in sets["ontopic"].values()
                      for r in rows)
        over = {n: sum(sum(flags(r, floor)) > MAX_RETURNED for r in rows) for n, rows in sets["offtopic"].items()}
        print(f"| {name} | {', '.join(f'{n} {b} of {a}' for n, (a, b) in lost.items())} | {emptied} | "
              f"{', '.join(f'{n} {v}' for n, v in over.items())} |")
    if args.list:
        for kind in ("offtopic", "ontopic"):
            for n, rows in sets[kind].items():
                for r in rows:
                    print(f"{kind}\t{n}\t{r['text']}\t{sum(flags(r, before))}\t{sum(flags(r, FLOOR))}\t"
                          f"{best_cosine(r):.3f}\t{coverage(*r['coverage'], r['credit']):.2f}")


if __name__ == "__main__":
    main()
