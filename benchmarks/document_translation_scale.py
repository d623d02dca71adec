"""What the document-side translation leg (search/translated_index.py) costs a query at scale, without building a
100k collection's embeddings: a copy of a store of real text (the corpus and NASA / Hadoop records, as
``search_bench.py --keep`` leaves one) has its chunks translated, and its English chunks' translations repeated
until the table holds ``--rows`` rows, as the benchmark's sentence-rotated replicas would translate (the same words;
English is translated into the Chinese the collection holds, which at scale is the corpus's alone, so the
translations are those a 100k collection gets). Each query of ``corpus/eval`` and ``corpus/eval-dev`` is then
searched over the table as the leg searches it (a results page's 200 chunks), with the postings budget and without.

    .venv/bin/python benchmarks/document_translation_scale.py DB [--rows 100000] [--work DIR] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.stats import percentile
from kb.settings import Settings
from kb.store import Store
from search import SearchIndex
from search.evaluate import load_queries
from search.keyword import Vocabulary, within_budget
from search.legs import EXPANSION_BUDGET, Scope
from search.segment import query_terms
from search.translated_index import TABLE, VOCABULARY_TABLE, search_translations, translate_missing

ROOT = Path(__file__).resolve().parent.parent
DEPTH = 200  # chunks a leg fetches for a results page
OFFSET = 10_000_000  # rowids of the repeated rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("db", type=Path)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--work", type=Path, help="keep the translated copy here (and reuse one made before)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = args.work or Path(temporary)
        folder.mkdir(parents=True, exist_ok=True)
        db = folder / "kb.db"
        if not db.exists():
            source = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
            copy = sqlite3.connect(db)
            source.backup(copy)
            source.close()
            copy.close()
            for name in ("kb.faiss", "kb.faiss.json"):
                if (args.db.parent / name).exists():
                    (folder / name).write_bytes((args.db.parent / name).read_bytes())
        settings = Settings(db=db, document_translation_weight=0.5)
        store = Store(db)
        index = SearchIndex(store, settings)
        started = time.perf_counter()
        translated = translate_missing(index)  # what a sync translates (its private step takes the sync's vectors and report)
        seconds = time.perf_counter() - started
        conn = store.conn
        english = [body for body, in conn.execute(
            f"SELECT t.body FROM {TABLE} t JOIN chunks c ON c.id = t.rowid JOIN documents d ON d.id = c.document_id"
            " WHERE d.language = 'en' ORDER BY t.rowid")]
        have = conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
        with store.transaction():
            conn.executemany(f"INSERT INTO {TABLE} (rowid, body) VALUES (?, ?)",
                             ((OFFSET + i, english[i % len(english)]) for i in range(max(0, args.rows - have))))
        rows = conn.execute(f"SELECT count(*) FROM {TABLE}").fetchone()[0]
        vocabulary = Vocabulary(VOCABULARY_TABLE)
        vocabulary.refresh(conn, object())
        queries = [q.text for name in ("eval", "eval-dev")
                   for q in load_queries(ROOT / "corpus" / name / "queries.jsonl")]
        result: dict = {"source": str(args.db), "chunks_translated": translated, "seconds": round(seconds, 1),
                        "rows": rows, "queries": len(queries)}
        shipped = int(settings.keyword_postings * EXPANSION_BUDGET)
        variants = [(f"the shipped budget ({shipped:,} rows)", shipped), ("without a budget", 0),
                    ("the user's own keyword query's (8,000 rows, 1,000 per term kept)", -1), ("2,000 rows", 2000)]
        for label, budget in variants:
            def search(text: str, budget: int = budget) -> int:
                if budget >= 0:
                    return len(search_translations(conn, text, Scope(), DEPTH, vocabulary, budget))
                terms = within_budget(query_terms(text), vocabulary, settings.keyword_postings,
                                      settings.keyword_postings_per_term)
                return len(search_translations(conn, " ".join(terms), Scope(), DEPTH))

            search(queries[0])  # the first read of the pages
            times, found = [], []
            for _ in range(2):
                for text in queries:
                    began = time.perf_counter()
                    found.append(search(text))
                    times.append((time.perf_counter() - began) * 1000)
            result[label] = {"p50_ms": round(percentile(times, 50), 2), "p95_ms": round(percentile(times, 95), 2),
                             "max_ms": round(max(times), 2), "queries_finding_chunks": sum(1 for n in found if n)}
        store.close()
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
