"""Do the semantic leg's scores tell an on-topic probe that lists nothing from an off-topic one (s-short)?

    KB_THREADS=1 .venv/bin/python benchmarks/probe_cosines.py --db STORE --on FILE [FILE ...] --off FILE [FILE ...]

Run it on a store of the shipped corpus. Each probe (one a line, ``#`` comments) is searched as the page searches it
(how many documents it lists), and its vector against the index (the 400 nearest chunks, language-centred, as the
semantic leg searches, before ``semantic_min_score``), each document by its best chunk. Printed, for the probes that
list nothing, on-topic against off-topic: how many a gate opening at a best cosine of 0.17 to 0.21 would open, and
the medians of the best cosine, of the best less the 5th and the 20th document's, and of the best's z-score over the
first 50 documents (how far the best match stands out).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.relevance_bench import read_probes
from kb.settings import Settings
from kb.store import Store
from kb.text import detect_language
from search import Searcher, SearchIndex, SearchQuery

NEAREST = 400
GATES = (0.17, 0.18, 0.19, 0.20, 0.21)


def scores(searcher: Searcher, text: str, owner: dict[int, int]) -> dict[str, float]:
    """A probe's best cosine, the best less the 5th and the 20th document's, and the best's z-score over 50."""
    ids, cosines = searcher._nearest(searcher._query_vectors(text), detect_language(text).value, NEAREST, None)
    best: dict[int, float] = {}
    for chunk, cosine in zip(ids.tolist(), cosines.tolist(), strict=True):
        best.setdefault(owner[chunk], cosine)
    by_document = np.array(list(best.values()))
    first = by_document[:50]
    return {"best": float(by_document[0]), "less_5th": float(by_document[0] - by_document[min(4, len(by_document) - 1)]),
            "less_20th": float(by_document[0] - by_document[min(19, len(by_document) - 1)]),
            "z": float((by_document[0] - first.mean()) / (first.std() or 1.0))}


def silent(searcher: Searcher, files: list[Path], owner: dict[int, int]) -> list[dict[str, float]]:
    """The scores of the probes of these files that list nothing."""
    probes = [probe for path in files for probe in read_probes(path)]
    return [scores(searcher, p, owner) for p in probes if searcher.search(SearchQuery(p)).listed_count == 0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True, help="a store of the shipped corpus")
    parser.add_argument("--on", type=Path, nargs="+", required=True, help="on-topic probes")
    parser.add_argument("--off", type=Path, nargs="+", required=True, help="off-topic probes")
    args = parser.parse_args()
    settings = Settings(db=args.db)
    store = Store(settings.db, create=False)
    try:
        searcher = Searcher(SearchIndex(store, settings))
        owner = dict(store.conn.execute("SELECT id, document_id FROM chunks").fetchall())
        on, off = silent(searcher, args.on, owner), silent(searcher, args.off, owner)
    finally:
        store.close()
    print(f"| a gate opening at a best cosine of | {' | '.join(f'{g:.2f}' for g in GATES)} |\n|{' --- |' * 6}")
    for name, rows in ((f"on-topic listing nothing ({len(on)}), opened", on),
                       (f"off-topic listing nothing ({len(off)}), opened", off)):
        print(f"| {name} | {' | '.join(str(sum(r['best'] >= g for r in rows)) for g in GATES)} |")
    print("\n| median | best | best less the 5th | best less the 20th | z over 50 |\n| --- | --- | --- | --- | --- |")
    for name, rows in (("on-topic listing nothing", on), ("off-topic listing nothing", off)):
        print(f"| {name} | " + " | ".join(f"{statistics.median(r[k] for r in rows):.3f}"
                                          for k in ("best", "less_5th", "less_20th", "z")) + " |")


if __name__ == "__main__":
    main()
