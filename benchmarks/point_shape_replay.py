"""Replaying history for the shapes of several points in one lesson: cut an extracted lesson where its structure says
it holds several points, the way its annotator may have split it (BENCHMARKS.md, "Shapes of several points in one
lesson (e-shape)"; the protocol of ``topic_split_replay.py``).

    .venv/bin/python benchmarks/point_shape_replay.py [--shapes labels numbers clauses next-time cued opening]
                                                      [--min-chars 100] [--design-only] [--show SHAPE]

The shapes, none of which ingestion has (``SHAPES``): a label that starts a later sentence ("…耦合度高。 修改：可以…"),
numbers in the running text ("（1）…（2）…", "①…②…"), Chinese "；" clauses, a Chinese clause of what to do next time
after a fault ("…工时增加 8h; 未来需要…"), every sentence that states a kind after a point that stated one
(``ingest.points``' rule for a long Chinese paragraph, from ``--min-chars`` on, both languages), and the opening
sentence of a long Chinese paragraph as a point of its own. Each shape is applied alone to the extracted lessons of
every available document; each split's documents are matched as ``benchmarks/extraction.py`` does, without and with the
cuts, per split and language, and the design splits (dev to held20) and the replay splits (held21 to held29) are summed.
Frozen splits are refused.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction import SPLITS, match, run_doc
from benchmarks.fallback_replay import table
from benchmarks.topic_turns import chosen
from ingest.cue_gates import chinese
from ingest.cues import MIN_CJK
from ingest.line_labels import inline_label
from ingest.points import MIN_POINT_CHARS, _grouped, _restated
from ingest.points import sentences as split_sentences

DESIGN, REPLAY = ("dev", "held20"), ("held21", "held29")
_OUTCOMES = ("went_well", "went_wrong", "lesson")  # the kinds ``ingest.points`` splits
_CJK = re.compile(r"[\u4e00-\u9fff]")
# A label after a sentence's end, or a short Chinese one after a space: "…耦合度高。 修改：可以…"
_LABEL_AT = re.compile(r"(?<=[。！？；;.!?])\s*(?=\S{1,8}\s*[:：])|(?<=\S)\s+(?=[\u4e00-\u9fff]{1,6}\s*[:：])")
# A number in the running text: ①, （1）, 1）, 1、, after the start, a space or punctuation (not "华东1）": a name's digit)
_NUMBER = re.compile(r"(?:^|(?<=[\s。；;，,：:.!?！？]))(?:[①②③④⑤⑥⑦⑧⑨⑩]|[（(][1-9一二三四五六七八九][)）]|[1-9][)）、](?!\d))")
# What to do next time, opening a clause after a fault: "；未来需要…", "。下次应当…"
_NEXT_TIME = re.compile(r"(?<=[；;。])\s*(?=(?:未来|今后|以后|下次|下一次|下一步|后续|之后)[^，。；]{0,4}"
                        r"(?:需要|要|应该|应当|应|会|将|可以|得|必须|计划|打算))")
CLAUSE_CHARS = 10  # each "；" clause of a split keeps this many characters


def _cut_at(text: str, starts: list[int]) -> list[str]:
    """A text cut before each start where the part before it keeps ``CLAUSE_CHARS`` characters ("6.经验教训：…" is one
    part), its parts stripped."""
    parts, last = [], 0
    for start in sorted(set(starts)):
        if len(text[last:start].strip()) >= CLAUSE_CHARS and text[start:].strip():
            parts.append(text[last:start].strip())
            last = start
    return [*parts, text[last:].strip()] if parts else [text]


def labels(text: str, kind: str, min_chars: int) -> list[str]:
    """Cut before every label ``inline_label`` reads that starts a later sentence ("…耦合度高。 修改：可以…")."""
    return _cut_at(text, [m.end() for m in _LABEL_AT.finditer(text) if inline_label(text[m.end():])])


def numbers(text: str, kind: str, min_chars: int) -> list[str]:
    """Cut before each number of the running text when there are two or more ("（1）…（2）…")."""
    found = [m.start() for m in _NUMBER.finditer(text)]
    return _cut_at(text, found) if len(found) >= 2 else [text]


def clauses(text: str, kind: str, min_chars: int) -> list[str]:
    """A Chinese text's "；" clauses, when each keeps ``CLAUSE_CHARS`` characters."""
    parts = [p.strip() for p in re.split(r"(?<=；)", text) if p.strip()]
    ok = chinese(text) and len(parts) > 1 and all(len(p) >= CLAUSE_CHARS for p in parts)
    return parts if ok else [text]


def next_time(text: str, kind: str, min_chars: int) -> list[str]:
    """Cut a Chinese text before a clause of what to do next time ("…工时增加 8h; 未来需要…")."""
    return _cut_at(text, [m.end() for m in _NEXT_TIME.finditer(text)]) if chinese(text) else [text]


def cued(text: str, kind: str, min_chars: int) -> list[str]:
    """A lesson of an outcome kind of ``min_chars`` or more, cut before every sentence that states a kind after a point
    that stated one (``ingest.points._restated``), when each part keeps ``MIN_POINT_CHARS`` characters."""
    if kind not in _OUTCOMES or len(text) < min_chars:
        return [text]
    groups, _ = _grouped(text, _restated)
    if len(groups) < 2 or any(sum(map(len, group)) < MIN_POINT_CHARS for group in groups):
        return [text]
    return [("" if chinese(text) else " ").join(group) for group in groups]


def opening(text: str, kind: str, min_chars: int) -> list[str]:
    """A Chinese lesson of an outcome kind of ``min_chars`` or more cut after its opening sentence, when that sentence
    states something (``MIN_CJK`` Chinese characters) in at most a third of the text (``ingest.points.enumerated_point``
    for any paragraph, the rest kept as a lesson of its own)."""
    if kind not in _OUTCOMES or len(text) < min_chars or not chinese(text):
        return [text]
    sentences = split_sentences(text)
    first = sentences[0] if len(sentences) > 1 else ""
    if len(_CJK.findall(first)) < MIN_CJK or len(first) > len(text) / 3:
        return [text]
    return [first, "".join(sentences[1:])]


Shape = Callable[[str, str, int], list[str]]
SHAPES: dict[str, Shape] = {"labels": labels, "numbers": numbers, "clauses": clauses, "next-time": next_time,
                            "cued": cued, "opening": opening}


def documents(span: tuple[str, str], mirror: Path) -> list[tuple[dict, list[dict], list[dict]]]:
    """Each available document of a span of splits with its annotations and extracted lessons."""
    out = []
    for doc in chosen(*span):
        result = run_doc(doc, mirror)
        if result.status == "ok":
            out.append((doc, result.annotated, result.extracted))
    return out


def counts(annotated: list[dict], extracted: list[dict], shape: Shape, min_chars: int) -> tuple[int, ...]:
    """(annotated, extracted, matched, extracted with the cuts, matched with them) of one document."""
    after = [{"text": part} for lesson in extracted for part in shape(lesson["text"], lesson["kind"], min_chars)]
    return len(annotated), len(extracted), len(match(annotated, extracted)), len(after), len(match(annotated, after))


def rows_for(parts: dict[str, list], shape: Shape, min_chars: int) -> dict[tuple[str, str], list[int]]:
    """Per split and language, and per span and language, the five counts summed."""
    rows: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 5)
    for part, entries in parts.items():
        for doc, annotated, extracted in entries:
            found = counts(annotated, extracted, shape, min_chars)
            for key in ((doc["split"], doc["language"]), (part, doc["language"])):
                rows[key] = [a + b for a, b in zip(rows[key], found, strict=True)]
    return dict(sorted(rows.items(), key=lambda kv: (kv[0][0] in parts, kv[0][1], SPLITS.index(kv[0][0])
                                                    if kv[0][0] in SPLITS else 0)))


def show(parts: dict[str, list], shape: Shape, min_chars: int) -> None:
    """Every lesson a shape cuts in the design splits, with its parts and the document's matches before and after."""
    for doc, annotated, extracted in parts["design"]:
        cut = [(lesson["text"], shape(lesson["text"], lesson["kind"], min_chars)) for lesson in extracted]
        cut = [(text, pieces) for text, pieces in cut if len(pieces) > 1]
        if cut:
            _, _, got, _, got2 = counts(annotated, extracted, shape, min_chars)
            print(f"--- {doc['id']} ({doc['split']}): matched {got} -> {got2}")
            for text, pieces in cut:
                print(f"    {text[:120]!r}\n" + "\n".join(f"      | {piece[:100]!r}" for piece in pieces))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shapes", nargs="+", choices=sorted(SHAPES), default=list(SHAPES))
    parser.add_argument("--min-chars", type=int, default=100, help="the shortest lesson 'cued' and 'opening' cut")
    parser.add_argument("--design-only", action="store_true", help="read the design splits only (while choosing)")
    parser.add_argument("--show", choices=sorted(SHAPES), help="print what one shape cuts in the design splits")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    args = parser.parse_args()
    spans = {"design": DESIGN} if args.design_only else {"design": DESIGN, "replay": REPLAY}
    parts = {part: documents(span, args.mirror) for part, span in spans.items()}
    if args.show:
        show(parts, SHAPES[args.show], args.min_chars)
    for name in args.shapes:
        print(f"\n== {name} ==")
        table(rows_for(parts, SHAPES[name], args.min_chars))


if __name__ == "__main__":
    main()
