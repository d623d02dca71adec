"""Replaying history for one mechanism: a fallback for a look-back document whose rules yield almost nothing
(BENCHMARKS.md, "What first sight misses, across 27 unseen splits (e-gen9)").

    .venv/bin/python benchmarks/fallback_replay.py --first held21 --last held29 [--forms item] [--max-chars 120]
                                                   [--types retrospective post_mortem] [--max-lessons 1]

The mechanism, which ingestion does not have: in a document typed as one of ``--types`` whose rules find at most
``--max-lessons`` lessons, every list item (and, with ``--forms item para``, every paragraph) of ``--max-chars``
characters or fewer in a section none of whose blocks a lesson holds is taken as a lesson too. It reads no word of the
text: only the document's type, its yield, the sections the rules left and the blocks' form and length. Each split's
documents are parsed on today's rules and matched as ``benchmarks/extraction.py`` does, without and with the
fallback's additions; precision and recall are printed per split and language. Design its gates on held3 to held20 and
judge it once on later splits: a gain there is what it would have brought at first sight. Frozen splits are refused.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction import COVER, DATA, bigrams, match
from benchmarks.first_sight import held_splits, today

HEADINGS = [f"h{n}" for n in range(1, 7)]
FORM_TAGS = {"item": "li", "para": "p"}
MIN_CHARS = 8  # shorter blocks are labels and fragments, never a lesson on their own


def sections(html: str) -> list[list[tuple[str, str]]]:
    """A document's blocks (tag, text) grouped by the heading above them: leaf list items and paragraphs only."""
    out: list[list[tuple[str, str]]] = [[]]
    for tag in BeautifulSoup(html, "html.parser").find_all([*HEADINGS, "p", "li"]):
        if tag.name in HEADINGS:
            out.append([])
        elif not (tag.name == "li" and tag.find(["li", "p"])):
            out[-1].append((tag.name, tag.get_text(" ", strip=True)))
    return [blocks for blocks in out if blocks]


def _held(text: str, lessons: list[set[str]]) -> bool:
    """Whether a lesson holds a block's text (by the matcher's cover bound)."""
    own = bigrams(text)
    return any(own and len(own & grams) >= COVER * len(own) for grams in lessons)


def fallback(html: str, lessons: list[str], *, tags: set[str], max_chars: int) -> list[str]:
    """The blocks of ``tags`` of at most ``max_chars`` characters in the sections where no lesson holds any block."""
    grams = [bigrams(text) for text in lessons]
    return [text for blocks in sections(html) if not any(_held(text, grams) for _, text in blocks)
            for tag, text in blocks if tag in tags and MIN_CHARS <= len(text) <= max_chars]


def replay(doc: dict, mirror: Path, args: argparse.Namespace) -> tuple[int, int, int, int, int] | None:
    """(annotated, extracted, matched, extracted with the fallback, matched with it) of one document."""
    parsed = today(doc, mirror)
    if parsed is None:
        return None
    html, texts, doc_type = parsed
    annotated = json.loads((DATA / "annotations" / f"{doc['id']}.json").read_text(encoding="utf-8"))["lessons"]
    added = fallback(html, texts, tags={FORM_TAGS[f] for f in args.forms}, max_chars=args.max_chars) \
        if doc_type in args.types and len(texts) <= args.max_lessons else []
    before = match(annotated, [{"text": t} for t in texts])
    after = match(annotated, [{"text": t} for t in texts + added])
    return len(annotated), len(texts), len(before), len(texts) + len(added), len(after)


def table(rows: dict[tuple[str, str], list[int]]) -> None:
    """Per split and language: annotated, and extracted / matched / P / R without and with the fallback."""
    print(f"{'split':<9}{'lang':<5}{'ann':>5} | {'ext':>5}{'match':>6}{'P':>6}{'R':>6} | {'ext':>5}{'match':>6}{'P':>6}"
          f"{'R':>6} | added / right")
    for (split, lang), (ann, ext, got, ext2, got2) in rows.items():
        print(f"{split:<9}{lang:<5}{ann:>5} | {ext:>5}{got:>6}{_r(got, ext)}{_r(got, ann)} | {ext2:>5}{got2:>6}"
              f"{_r(got2, ext2)}{_r(got2, ann)} | {ext2 - ext:+d} / {got2 - got:+d}")


def _r(a: int, b: int) -> str:
    return f"{a / b:>6.2f}" if b else f"{'-':>6}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", default="held21")
    parser.add_argument("--last", default="held29", help="never a frozen split (refused)")
    parser.add_argument("--forms", nargs="+", choices=sorted(FORM_TAGS), default=["item"])
    parser.add_argument("--max-chars", type=int, default=120)
    parser.add_argument("--types", nargs="+", default=["retrospective", "post_mortem"])
    parser.add_argument("--max-lessons", type=int, default=1, help="the fallback runs where the rules find this many or fewer")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    args = parser.parse_args()
    try:
        splits = held_splits(args.first, args.last)
    except ValueError as exc:
        parser.error(str(exc))
    sources = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
    rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 5)
    for doc in (d for split in splits for d in sources if d["split"] == split):
        counts = replay(doc, args.mirror, args)
        for key in ((doc["split"], doc["language"]), ("all", doc["language"])) if counts else ():
            rows[key] = [a + b for a, b in zip(rows[key], counts, strict=True)]
    table(dict(sorted(rows.items(), key=lambda kv: (kv[0][0] == "all", kv[0][1], int(kv[0][0][4:] or 0)))))


if __name__ == "__main__":
    main()
