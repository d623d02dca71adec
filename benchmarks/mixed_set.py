"""One BEIR set of two languages from sets of one: every set's documents in one collection, every set's queries
with its own judgements. A collection of two languages makes the hybrid ask, query by query, whether the other
language holds anything on the query (README, "Search"); sets of one language written by others show what that
costs a reader whose question lives in one language (BENCHMARKS.md, "One language in a collection of two").

    .venv/bin/python benchmarks/mixed_set.py OUT SET_DIR SET_DIR [...]
    .venv/bin/python benchmarks/baselines.py OUT

Each SET_DIR is a set whose documents are files in its ``corpus/`` folder, with keys of their own (front matter
``id``, as ``../shared/eval-dev/build.py`` writes them), so that no two sets share a key. OUT gets ``corpus/NAME/``
(hard links to each set's files, or copies where links cannot be made; outside the project: the sets' data stays
where it is), ``queries.jsonl`` (each query's ``metadata.set`` is its set's folder name, so ``baselines.py`` gives
each set's figures) and ``qrels.tsv``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from pathlib import Path

QRELS = ("qrels.tsv", "qrels/test.tsv", "qrels/dev.tsv")


def judgements(folder: Path) -> list[tuple[str, str, str]]:
    """A set's (query, document, grade) rows, header left out."""
    path = next((folder / name for name in QRELS if (folder / name).is_file()), None)
    if path is None:
        raise SystemExit(f"error: {folder}: no {' or '.join(QRELS)}")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        cells = line.split("\t")
        if len(cells) < 3 or not cells[2].strip().lstrip("-").isdigit():
            if number > 1 and line.strip():
                raise SystemExit(f"error: {path}:{number}: expected query-id, corpus-id and score, tab-separated")
            continue
        rows.append((cells[0], cells[1], cells[2].strip()))
    return rows


def link_tree(source: Path, target: Path) -> int:
    """Hard-link (or copy) every file under ``source`` to the same place under ``target``; how many."""
    count = 0
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        destination = target / path.relative_to(source)
        destination.parent.mkdir(parents=True, exist_ok=True)
        if not destination.exists():
            try:
                os.link(path, destination)
            except OSError:
                shutil.copyfile(path, destination)
        count += 1
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the set's folder (made)")
    parser.add_argument("sets", type=Path, nargs="+", help="sets of one language, each with a corpus/ folder")
    args = parser.parse_args()
    names = [folder.resolve().name for folder in args.sets]
    if len(set(names)) != len(names):
        raise SystemExit(f"error: two sets share a folder name ({', '.join(names)})")
    queries, qrels, files = [], [], 0
    for folder, name in zip(args.sets, names):
        corpus = folder / "corpus"
        if not corpus.is_dir() or not (folder / "queries.jsonl").is_file():
            raise SystemExit(f"error: {folder}: a set here needs queries.jsonl and a corpus/ folder")
        files += link_tree(corpus, args.out / "corpus" / name)
        qrels.extend(judgements(folder))
        lines = (folder / "queries.jsonl").read_text(encoding="utf-8").splitlines()
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                query = json.loads(line)
            except json.JSONDecodeError as exc:
                raise SystemExit(f"error: {folder / 'queries.jsonl'}:{number}: not JSON ({exc.msg})") from None
            query["metadata"] = {**(query.get("metadata") or {}), "set": name}
            queries.append(query)
    (args.out / "queries.jsonl").write_text("".join(json.dumps(q, ensure_ascii=False) + "\n" for q in queries),
                                            encoding="utf-8")
    (args.out / "qrels.tsv").write_text("query-id\tcorpus-id\tscore\n" + "".join(
        f"{q}\t{d}\t{g}\n" for q, d, g in qrels), encoding="utf-8")
    print(f"{args.out}: {len(args.sets)} sets, {files} files, {len(queries)} queries, {len(qrels)} judgements",
          file=sys.stderr)


if __name__ == "__main__":
    main()
