"""What the document-side translation leg (search/translated_index.py) costs at index time, on a bilingual collection
of real text: the shipped corpus (its Chinese and English documents) and the first ``--lessons`` NASA lessons of
../shared/data (read in place, written only to a temporary folder). The collection is ingested and synced once
without the leg (its sync time measured), then each way of translating it runs in a fresh process (a cold model and
word cache, as a new ``kb ingest`` has) on its own copy of that store:

- ``per_chunk``: the translation before s-xlang2's batching, each chunk's words scored by their own model call;
- ``batched``: ``translate_missing`` as shipped, a batch's words scored in one call and each word once a sync;
- ``again``: the same on the store ``batched`` left, its translations deleted (as ``kb reindex`` does): the words'
  vectors come from the store's embedding cache.

It prints each one's milliseconds a chunk (and the sync's without the leg, when it built the store), and whether each
wrote the translations ``per_chunk`` wrote, row for row.

    KB_THREADS=1 nice -n 10 .venv/bin/python benchmarks/document_translation_cost.py [--lessons 1200] [--work DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.collection import LLIS, ROOT, available
from ingest import ingest
from kb.settings import Settings
from kb.sql import placeholders
from kb.store import Store
from search import SearchIndex
from search.keyword import Vocabulary
from search.segment import index_text
from search.translated_index import TABLE, delete_translations, translate_missing, translation_tools

MODES = ("per_chunk", "batched", "again")


def translate_per_chunk(index: SearchIndex) -> int:
    """The translation as it was before batching (s-xlang's ``translate_missing``): one similarity call a chunk."""
    conn = index.store.conn
    missing = [row[0] for row in conn.execute(
        f"SELECT id FROM chunks WHERE id NOT IN (SELECT rowid FROM {TABLE}) ORDER BY id")]
    translator, similarity, _ = translation_tools(index, index.settings)
    vocabulary = Vocabulary()
    vocabulary.refresh(conn, object())
    floor = index.settings.translation_min_similarity
    for start in range(0, len(missing), 500):
        part = missing[start:start + 500]
        rows = conn.execute(f"SELECT id, text FROM chunks WHERE id IN ({placeholders(part)})",
                            part).fetchall()
        bodies = [(chunk, index_text(" ".join(translator.terms(text, vocabulary.df, similarity=similarity,
                                                                min_similarity=floor)))) for chunk, text in rows]
        with index.store.transaction():
            conn.executemany(f"INSERT INTO {TABLE} (rowid, body) VALUES (?, ?)", bodies)
    return len(missing)


def run_mode(work: Path, mode: str) -> dict:
    """Translate a copy of the base store one way (in this process); its figures and rows."""
    base = work / ("batched" if mode == "again" else "base") / "kb.db"
    folder = work / mode
    folder.mkdir(exist_ok=True)
    db = folder / "kb.db"
    db.unlink(missing_ok=True)
    source, copy = sqlite3.connect(base), sqlite3.connect(db)
    source.backup(copy)
    source.close()
    copy.close()
    store = Store(db)
    if mode == "again":
        with store.transaction():
            delete_translations(store.conn)
    index = SearchIndex(store, Settings(db=db, document_translation_weight=0.5))
    index.embedder()  # the model loaded before the clock starts, as a sync has it loaded by its chunks
    started = time.perf_counter()
    chunks = (translate_per_chunk if mode == "per_chunk" else translate_missing)(index)
    seconds = time.perf_counter() - started
    rows = store.conn.execute(f"SELECT rowid, body FROM {TABLE} ORDER BY rowid").fetchall()
    store.close()
    (folder / "rows.json").write_text(json.dumps(rows, ensure_ascii=False))
    return {"chunks": chunks, "seconds": round(seconds, 1), "ms_a_chunk": round(seconds * 1000 / chunks, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lessons", type=int, default=1200)
    parser.add_argument("--work", type=Path, help="keep the stores here (and reuse the base store made before)")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--mode", choices=MODES, help=argparse.SUPPRESS)  # one child process's run
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.work, args.mode)))
        return
    if not available():
        sys.exit("needs ../shared/data (llis)")
    work = args.work or Path(tempfile.mkdtemp(prefix="kb-translation-cost-"))
    base = work / "base" / "kb.db"
    result: dict = {"lessons": args.lessons}
    if not base.exists():
        files = work / "files"
        files.mkdir(parents=True, exist_ok=True)
        with open(LLIS, encoding="utf-8") as src, open(files / "llis.jsonl", "w", encoding="utf-8") as out:
            out.writelines(islice(src, args.lessons))
        base.parent.mkdir(parents=True, exist_ok=True)
        settings = Settings(db=base, document_translation_weight=0)
        store = Store(base)
        started = time.perf_counter()
        ingest(store, [ROOT / "corpus", files])
        SearchIndex(store, settings).sync()
        result["sync_without_the_leg_seconds"] = round(time.perf_counter() - started, 1)
        store.close()
    conn = sqlite3.connect(base)
    result["chunks"] = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
    result["languages"] = dict(conn.execute("SELECT d.language, count(*) FROM chunks c JOIN documents d"
                                            " ON d.id = c.document_id GROUP BY d.language").fetchall())
    conn.close()
    if "sync_without_the_leg_seconds" in result:
        result["sync_without_the_leg_ms_a_chunk"] = round(
            result["sync_without_the_leg_seconds"] * 1000 / result["chunks"], 2)
    for mode in MODES:
        done = subprocess.run([sys.executable, __file__, "--work", str(work), "--mode", mode], check=True,
                              capture_output=True, text=True, env={**os.environ})
        result[mode] = json.loads(done.stdout.strip().splitlines()[-1])
    before = json.loads((work / "per_chunk" / "rows.json").read_text())
    for mode in MODES[1:]:
        after = json.loads((work / mode / "rows.json").read_text())
        result[mode]["rows_as_per_chunk"] = before == after
        result[mode]["rows_differing"] = sum(1 for a, b in zip(before, after) if a != b) + abs(len(before) - len(after))
    print(json.dumps(result, indent=2))
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
