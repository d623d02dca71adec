"""The other way across languages (``xling-dev-en``): English questions a project manager would type, asked of a
collection of real Chinese documents from public repositories (work summaries, retrospectives, weekly reports).

    .venv/bin/python benchmarks/xling_en_set.py OUT [--docs /tmp/uzh/docs]          # copy the documents
    .venv/bin/python -m kb.cli --db STORE ingest OUT/corpus
    .venv/bin/python benchmarks/xling_en_set.py pick --db STORE [--count 20]       # what a writer reads
    .venv/bin/python benchmarks/xling_en_set.py OUT --queries                      # queries.jsonl, qrels.tsv
    KB_THREADS=1 .venv/bin/python benchmarks/baselines.py OUT --db STORE

The documents (never copied into the project) are every file under DOCS but the folders named ``corpus-*`` (copies
of this project's own English corpus); OUT/corpus keeps their folder and name, so a document's key is
``folder/name``. Documents are drawn at random (seed 16); for each, only its title and the first 600 characters of
its text as stored were read (``pick``), then set aside, and an English question written as a PM who had that
problem would ask it. All were written before any search ran; they are kept in ``benchmarks/xling_queries_en.tsv``
(document key, question). Each query's one relevant document is its own (grade 1).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.xling_set import read_queries  # the same query file format

ROOT = Path(__file__).resolve().parent
QUERIES = ROOT / "xling_queries_en.tsv"
SEED = 16
READ = 600  # characters of a document's text its question's writer read


def documents(docs: Path) -> list[str]:
    """The real documents' keys (folder/name), sorted; empty files (two) are no documents."""
    return sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*")
                  if p.is_file() and p.stat().st_size and not p.relative_to(docs).parts[0].startswith("corpus-"))


def draw(keys: list[str], count: int) -> list[str]:
    """The documents questions are written for: the first ``count`` of a fixed shuffle."""
    order = list(keys)
    random.Random(SEED).shuffle(order)
    return order[:count]


def copy(docs: Path, out: Path) -> int:
    """Copy the documents into OUT/corpus (outside the project)."""
    keys = documents(docs)
    for key in keys:
        target = out / "corpus" / key
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(docs / key, target)
    return len(keys)


def pick(db: Path, keys: list[str], count: int) -> None:
    """Print what a question's writer reads of each drawn document: its key, title and first READ characters."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    for key in draw(keys, count):
        row = conn.execute("SELECT id, title FROM documents WHERE key = ?", (key,)).fetchone()
        if row is None:
            print(f"{key}\t(not in the store)\n")
            continue
        text = " ".join(t for (t,) in conn.execute("SELECT text FROM sections WHERE document_id = ? ORDER BY position",
                                                   (row[0],)))
        print(f"{key}\t{row[1]}\n    {' '.join(text.split())[:READ]}\n")


def write_queries(out: Path, keys: list[str]) -> int:
    """The set's queries and judgements, from the query file (every key among the first documents drawn)."""
    pairs = read_queries(QUERIES, "folder/name")
    drawn = set(draw(keys, len(pairs)))
    stray = [key for key, _ in pairs if key not in drawn]
    if stray:
        raise SystemExit(f"error: {QUERIES}: {stray[0]} is not among the first {len(pairs)} documents drawn")
    with (out / "queries.jsonl").open("w", encoding="utf-8") as handle:
        for n, (_, text) in enumerate(pairs, 1):
            handle.write(json.dumps({"_id": f"q-en{n}", "text": text, "self": None, "metadata": {"set": "cross"}},
                                    ensure_ascii=False) + "\n")
    lines = ["query-id\tcorpus-id\tscore"] + [f"q-en{n}\t{key}\t1" for n, (key, _) in enumerate(pairs, 1)]
    (out / "qrels.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="the set's folder (keep it outside the project), or 'pick'")
    parser.add_argument("--docs", type=Path, default=Path("/tmp/uzh/docs"), help="the Chinese documents")
    parser.add_argument("--db", type=Path, help="with pick: a store holding OUT/corpus")
    parser.add_argument("--count", type=int, default=20)
    parser.add_argument("--queries", action="store_true", help="write queries.jsonl and qrels.tsv")
    args = parser.parse_args()
    if not args.docs.is_dir():
        raise SystemExit(f"error: {args.docs}: no such folder")
    keys = documents(args.docs)
    if args.out == "pick":
        if args.db is None or not args.db.is_file():
            raise SystemExit("error: pick needs --db, a store holding the copied documents")
        pick(args.db, keys, args.count)
    elif args.queries:
        print(f"{args.out}: {write_queries(Path(args.out), keys)} queries")
    else:
        print(f"{args.out}: {copy(args.docs, Path(args.out))} documents copied")


if __name__ == "__main__":
    sys.exit(main())
