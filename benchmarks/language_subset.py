"""A one-language BEIR set cut from the shipped corpus: its files whose documents are all in one language, and the
queries of ``corpus/eval`` and ``corpus/eval-dev`` written in that language about that language's documents, with
their judgements on those documents. In a collection of one language the hybrid fuses its keyword and semantic legs
by score (README, "Search"); this set shows that fusion on the corpus's own documents, beside the real
one-language development sets.

    .venv/bin/python benchmarks/language_subset.py OUT --db STORE [--language en]
    .venv/bin/python benchmarks/baselines.py OUT

``STORE`` is a store holding the shipped corpus (``benchmarks/baselines.py corpus/eval`` makes one and names it in
its log): each document's language and source file come from it. OUT gets ``corpus/`` (copies of the files,
under their paths in ``corpus/``), ``queries.jsonl`` and ``qrels.tsv``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETS = ("eval", "eval-dev")


def one_language_files(db: Path, language: str) -> tuple[dict[Path, Path], set[str]]:
    """The corpus files whose documents are all in ``language`` (source file -> its path under the corpus), and
    those documents' keys."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT source_path, key, language FROM documents").fetchall()
    finally:
        conn.close()
    languages: dict[str, set[str]] = {}
    keys: dict[str, list[str]] = {}
    for source, key, lang in rows:
        languages.setdefault(source, set()).add(lang)
        keys.setdefault(source, []).append(key)
    files, kept = {}, set()
    for source, langs in languages.items():
        if langs != {language} or not source:
            continue
        parts = Path(source).parts
        if "corpus" not in parts:
            continue
        relative = Path(*parts[len(parts) - parts[::-1].index("corpus"):])  # the path under the last "corpus"
        files[Path(source)] = relative
        kept.update(keys[source])
    return files, kept


def one_language_queries(language: str, documents: set[str]) -> tuple[list[dict], list[tuple[str, str, int]]]:
    """The sets' queries of ``language`` that have a relevant document among ``documents``, and those judgements
    (query ids prefixed with their set's name)."""
    queries, qrels = [], []
    for name in SETS:
        folder = ROOT / "corpus" / name
        judged: dict[str, list[tuple[str, int]]] = {}
        for line in (folder / "qrels.tsv").read_text(encoding="utf-8").splitlines():
            query, document, grade = (line.split("\t") + ["", "", ""])[:3]
            if grade.strip().isdigit() and int(grade) > 0 and document in documents:
                judged.setdefault(query, []).append((document, int(grade)))
        for line in (folder / "queries.jsonl").read_text(encoding="utf-8").splitlines():
            query = json.loads(line)
            if (query.get("metadata") or {}).get("set") != language or query["_id"] not in judged:
                continue
            ident = f"{name}-{query['_id']}"
            queries.append({"_id": ident, "text": query["text"], "metadata": {"set": name}})
            qrels.extend((ident, document, grade) for document, grade in judged[query["_id"]])
    return queries, qrels


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the set's folder (made)")
    parser.add_argument("--db", type=Path, required=True, help="a store holding the shipped corpus")
    parser.add_argument("--language", default="en", choices=("en", "zh"))
    args = parser.parse_args()
    if not args.db.is_file():
        raise SystemExit(f"error: {args.db}: no such store")
    files, documents = one_language_files(args.db, args.language)
    if not files:
        raise SystemExit(f"error: {args.db} holds no corpus file whose documents are all '{args.language}'")
    queries, qrels = one_language_queries(args.language, documents)
    for source, relative in files.items():
        target = args.out / "corpus" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    (args.out / "queries.jsonl").write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries),
                                            encoding="utf-8")
    (args.out / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\n" + "".join(
        f"{q}\t{d}\t{g}\n" for q, d, g in qrels), encoding="utf-8")
    print(f"{args.out}: {len(files)} files, {len(documents)} documents, {len(queries)} queries, "
          f"{len(qrels)} judgements", file=sys.stderr)


if __name__ == "__main__":
    main()
