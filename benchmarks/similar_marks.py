"""What the snippets of "similar lessons" mark, on real text pairs nobody here wrote (BENCHMARKS.md, "Marks in
similar lessons").

    .venv/bin/python benchmarks/similar_marks.py [--pairs N]

For each pair (a text as the lesson that finds, the other as the lesson found), the other's snippet is made as the
lesson page made it before (the whole first text as the query) and as it makes it now (``search.telling``: only the
terms that tell). Printed: marks, characters marked, and the commonest marked strings. Pairs: LCQMC development
questions judged to ask the same thing (Chinese, ../shared/eval-dev/sources/lcqmc-dev.txt) and random pairs of NASA
"Lesson(s) Learned" paragraphs (English, ../shared/data/llis/llis.jsonl). No vocabulary is given, so the share filter
on common English words (which needs a collection of 200 chunks or more) plays no part here.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from search.snippets import make_snippet
from search.telling import telling_terms

LCQMC = ROOT.parent / "shared" / "eval-dev" / "sources" / "lcqmc-dev.txt"
LLIS = ROOT.parent / "shared" / "data" / "llis" / "llis.jsonl"


def report(label: str, pairs: list[tuple[str, str]]) -> None:
    ways: dict[str, Callable[[str], str]] = {"whole text (before)": lambda a: a, "telling terms (now)": telling_terms}
    for name, query in ways.items():
        marks: collections.Counter[str] = collections.Counter()
        for finding, found in pairs:
            snippet, spans = make_snippet(found, query(finding))
            marks.update(snippet[s:e].lower() for s, e in spans)
        total, chars = sum(marks.values()), sum(len(w) * c for w, c in marks.items())
        print(f"{label}, {name}: {len(pairs)} pairs, {total} marks, {chars} characters marked "
              f"({chars / len(pairs):.1f} a pair); commonest: "
              + ", ".join(f"{w} {c}" for w, c in marks.most_common(12)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=2000)
    args = parser.parse_args()
    if LCQMC.exists():
        rows = [line.rstrip("\n").split("\t") for line in LCQMC.open(encoding="utf-8")]
        same = [(a, b) for a, b, judged in rows if judged == "1"]
        report("LCQMC dev (zh, judged the same)", random.Random(3).sample(same, min(args.pairs, len(same))))
    if LLIS.exists():
        texts = []
        for line in LLIS.open(encoding="utf-8"):
            record = json.loads(line)
            text = next((str(v or "") for k, v in record.items() if k.lower().startswith(("lesson(s) learned", "lessons learned"))), "")
            if len(text) > 50:
                texts.append(text[:2000])
        pick = random.Random(4)
        report("NASA LLIS (en, random pairs)", [tuple(pick.sample(texts, 2)) for _ in range(args.pairs // 2)])


if __name__ == "__main__":
    main()
