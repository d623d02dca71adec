"""English lessons by shape, right and junk, with the repositories (authors) each side comes from: a shape is worth a
rule only when its junk recurs across documents of several authors and it is rarely right (BENCHMARKS.md, "English
lesson extraction on real documents (e-gen19en)").

    .venv/bin/python benchmarks/english_junk_shapes.py [--mirror /work/.mirror] [--show SHAPE]

Every English document of the seen splits is parsed and matched as ``benchmarks/extraction.py`` does
(``benchmarks.marker_replay.documents``; frozen splits are never read). A lesson is right when it is matched, junk when
it is not; each shape is read from the lesson's text alone.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction import match
from benchmarks.marker_replay import documents
from ingest.headings import classify_heading

SHAPES: dict[str, Callable[[str], bool]] = {
    "a lead-in ending in a colon": lambda t: t.rstrip().endswith((":", "：")),
    "'the following', 'as follows', 'below'": lambda t: bool(re.search(
        r"\b(the following|as follows|listed below|below (is|are)|shown below)\b", t, re.IGNORECASE)),
    "a figure's caption or pointer": lambda t: bool(re.search(
        r"\b(figure|snapshot|screenshot|image|table) (above|below)\b|\bbelow is a\b", t, re.IGNORECASE)),
    "a form's blank (____)": lambda t: "____" in t,
    "a finding in figures ('85% of …')": lambda t: bool(re.match(r"\d+(\.\d+)?%", t)),
    "'given more time', 'if we had another week'": lambda t: bool(re.match(
        r"(given|with|if (we|i) had) (more|another|an extra|additional) (time|week)", t, re.IGNORECASE)),
    "three words or fewer, no stop": lambda t: len(t.split()) <= 3 and not re.search(r"[.!?]$", t),
    "a label a heading would name a kind by": lambda t: len(t.split()) <= 6 and not re.search(r"[.!]$", t)
    and classify_heading(t) is not None,
    "opens with a question": lambda t: bool(re.match(r"[^.!?]{3,80}\?\s", t)),
    "Title Case words alone": lambda t: bool(re.fullmatch(r"([A-Z][a-z]+ ){1,3}[A-Z][a-z]+", t.strip())),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--show", choices=sorted(SHAPES), help="print the lessons of one shape")
    args = parser.parse_args()
    docs = documents(args.mirror)
    print(f"{len(docs)} English documents")
    print("shape | right (repositories) | junk (repositories)")
    for name, shape in SHAPES.items():
        right: list[tuple[str, str]] = []
        junk: list[tuple[str, str]] = []
        for doc in docs:
            used = {j for _, j in match(doc["annotated"], [{"text": x["text"]} for x in doc["lessons"]])}
            for j, lesson in enumerate(doc["lessons"]):
                if shape(lesson["text"]):
                    (right if j in used else junk).append((doc["repo"], lesson["text"]))
        print(f"{name} | {len(right)} ({len({r for r, _ in right})}) | {len(junk)} ({len({r for r, _ in junk})})")
        if args.show == name:
            for side, rows in (("right", right), ("junk", junk)):
                for repo, text in rows:
                    print(f"    {side} {repo}: {text[:100]!r}")


if __name__ == "__main__":
    main()
