"""What hiding lessons costs readers' retrieval, and what finding the chunks that hold them costs a query.

    .venv/bin/python benchmarks/hidden_bench.py --db /tmp/hv/kb.db [--share 0.1] [--seed 0] [--out FILE]

Run it on a store of the shipped corpus (``kb --db /tmp/hv/kb.db ingest corpus/``); it works on a copy. A seeded
share of the lessons is hidden, then corpus/eval is run in each mode three ways: with nothing hidden; as readers see
the collection with only the hidden lessons' own chunks left out (the rule before search/visibility.py); and as
readers see it now, without the section windows that hold them either. ``kb eval`` itself ranks as curators do
(hidden lessons included), so its figures do not move when lessons are hidden.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.settings import Settings
from kb.store import HIDDEN_LESSONS, Filters, Store
from search import Searcher, SearchIndex
from search.evaluate import load_qrels, load_queries, run_mode
from search.legs import Scope
from search.visibility import hidden_chunks

EVAL = Path(__file__).resolve().parent.parent / "corpus" / "eval"
READERS = Filters(include_hidden=False)


class LessonChunksOnly(Searcher):
    """Readers' search under the earlier rule: a hidden lesson's own chunk left out, its section windows kept."""

    def _scope(self, filters: Filters) -> Scope:
        ids = {r[0] for r in self.store.conn.execute(f"SELECT id FROM chunks WHERE lesson_id IN ({HIDDEN_LESSONS})")}
        return Scope(hidden=ids)


def evaluate(searcher: Searcher, filters: Filters) -> dict[str, dict[str, float]]:
    queries, qrels = load_queries(EVAL / "queries.jsonl"), load_qrels(EVAL / "qrels.tsv")
    judged = [q for q in queries if q.id in qrels]
    return {mode: {k: round(v, 3) for k, v in run_mode(searcher, judged, qrels, mode, filters=filters).metrics.items()}
            for mode in ("keyword", "semantic", "hybrid")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--share", type=float, default=0.1, help="share of the lessons to hide")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "kb.db"
        with Store(args.db, create=False) as source:
            source.backup_to(db)
        for suffix in (".faiss", ".faiss.json"):
            shutil.copy(args.db.with_suffix(suffix), db.with_suffix(suffix))
        settings = Settings(db=db)
        store = Store(db, create=False)
        index = SearchIndex(store, settings)
        result: dict = {"nothing hidden": evaluate(Searcher(index), READERS)}
        ids = [r[0] for r in store.conn.execute("SELECT id FROM lessons ORDER BY id")]
        random.Random(args.seed).shuffle(ids)
        hidden = ids[:round(len(ids) * args.share)]
        with store.transaction():
            store.conn.executemany("UPDATE lessons SET review_status = 'hidden' WHERE id = ?", [[i] for i in hidden])
        chunks = hidden_chunks(store.conn)
        kinds = dict(store.conn.execute("SELECT kind, count(*) FROM chunks WHERE id IN (SELECT value FROM json_each(?))"
                                        " GROUP BY kind", [json.dumps(sorted(chunks))]).fetchall())
        times = []
        for _ in range(50):
            started = time.perf_counter()
            hidden_chunks(store.conn)
            times.append((time.perf_counter() - started) * 1000)
        result["hidden"] = {"lessons": len(hidden), "of": len(ids), "chunks left out": kinds,
                            "of chunks": store.scalar("SELECT count(*) FROM chunks"),
                            "hidden_chunks() median ms": round(statistics.median(times), 2)}
        result["readers, own chunks only (earlier rule)"] = evaluate(LessonChunksOnly(index), READERS)
        result["readers, with the sections that hold them"] = evaluate(Searcher(index), READERS)
        result["curators (kb eval)"] = evaluate(Searcher(index), Filters())
        store.close()
    text = json.dumps(result, ensure_ascii=False, indent=1)
    print(text)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
