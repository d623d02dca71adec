"""Replaying a split of English lessons at the words that open a new point ("Another issue …", "Also, …", "Secondly …",
"One thing we …", "In the future …"): cut an extracted lesson before each of its sentences that opens with one, and
count what the cuts would gain (BENCHMARKS.md, "English lesson extraction on real documents (e-gen19en)").

    .venv/bin/python benchmarks/marker_replay.py [--scope sections|all] [--starts] [--mirror /work/.mirror]

Every English document of the seen splits (``--split tuned``: frozen splits are never read) is parsed as
``benchmarks/extraction.py`` parses it; each marker is applied alone, then all together, to the lessons of sections whose
heading names a kind (``--scope sections``, the default: "split only inside lesson sections") or to every lesson
(``--scope all``). A lesson is cut only where it has two sentences or more (``ingest.points``' sentence ends). Each
document is matched as ``benchmarks/extraction.py`` matches it, without and with the cuts; nothing is wired into
ingestion.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction import COVER, DATA, bigrams, document_file, frozen, match
from ingest.parsers import PARSERS
from ingest.points import sentences as split_sentences
from ingest.source import RawFile
from kb.errors import IngestError

_NOUNS = (r"(thing|issue|problem|challenge|lesson|mistake|difficult|obstacle|aspect|area|point|factor|takeaway|learning"
          r"|struggle|success|improvement)")
MARKERS = {
    "another": r"Another (big |major |key |main |important |significant |huge )?" + _NOUNS,
    "also": r"(Also|Additionally|In addition|Furthermore|Moreover|Besides)\b",
    "ordinal": r"(First(ly)?|Second(ly)?|Third(ly)?|Lastly|Finally)\b",
    "one-thing": r"One (" + _NOUNS[1:-1] + r"|of the (things|issues|problems|challenges|lessons|biggest|main|most))",
    "future": r"(In the future|In future|Next time|Going forward|Moving forward|For future|If (I|we) (were to|had to|could) )",
    "learned": r"(I|We) (also )?(learned|learnt|realized|realised|discovered|found out)",
    "however": r"(However|On the other hand|Unfortunately|That said)\b",
}


def cut(text: str, pattern: str) -> list[str]:
    """A lesson cut before each of its sentences (after the first) that opens with ``pattern``."""
    sentences = split_sentences(text)
    parts = [[sentences[0]]] if sentences else [[text]]
    for sentence in sentences[1:]:
        if re.match(pattern, sentence):
            parts.append([sentence])
        else:
            parts[-1].append(sentence)
    return [" ".join(part) for part in parts]


def documents(mirror: Path) -> list[dict]:
    """Each available seen English document: its repository, annotations and lessons with their section's kind."""
    out = []
    for doc in json.loads((DATA / "sources.json").read_text(encoding="utf-8")):
        if doc["language"] != "en" or frozen(doc["split"]):
            continue
        data, key, suffix = document_file(doc, mirror)
        if data is None or suffix not in PARSERS:
            continue
        try:
            parsed = PARSERS[suffix](RawFile(data=data, default_key=key)).documents
        except IngestError:
            continue
        lessons = [{"text": lesson.text, "in_section": lesson.section_index is not None
                    and d.sections[lesson.section_index].kind is not None} for d in parsed for lesson in d.lessons]
        annotated = json.loads((DATA / "annotations" / f"{doc['id']}.json").read_text(encoding="utf-8"))["lessons"]
        out.append({"id": doc["id"], "repo": doc["repo"], "annotated": annotated, "lessons": lessons})
    return out


def replay(docs: list[dict], pattern: str, sections_only: bool) -> tuple[int, int, int, int, int, set[str]]:
    """(annotated, extracted, matched, extracted with the cuts, matched with them, repositories cut) over ``docs``."""
    ann = ext = got = ext2 = got2 = 0
    repos: set[str] = set()
    for doc in docs:
        before = [{"text": lesson["text"]} for lesson in doc["lessons"]]
        after = [{"text": part} for lesson in doc["lessons"]
                 for part in (cut(lesson["text"], pattern) if lesson["in_section"] or not sections_only
                              else [lesson["text"]])]
        if len(after) != len(before):
            repos.add(doc["repo"])
        ann += len(doc["annotated"])
        ext, ext2 = ext + len(before), ext2 + len(after)
        got, got2 = got + len(match(doc["annotated"], before)), got2 + len(match(doc["annotated"], after))
    return ann, ext, got, ext2, got2, repos


def starts(docs: list[dict]) -> None:
    """Where the annotations that no lesson matches but one holds (70% of their bigrams) start inside it: at a sentence's
    start (and then, with which word, and whether a marker opens it), after a comma, a colon or semicolon, elsewhere."""
    where: Counter[str] = Counter()
    words: Counter[str] = Counter()
    marked = 0
    for doc in docs:
        lessons = [re.sub(r"\s+", " ", lesson["text"]).strip() for lesson in doc["lessons"]]
        used = {i for i, _ in match(doc["annotated"], [{"text": text} for text in lessons])}
        for i, annotation in enumerate(doc["annotated"]):
            grams = bigrams(annotation["text"])
            holder = max(lessons, key=lambda text: len(grams & bigrams(text)), default=None)
            if not grams or holder is None or len(grams & bigrams(holder)) < COVER * len(grams):
                continue
            opening = " ".join(annotation["text"].split()[:3]).lower()
            at = holder.lower().find(opening) if i not in used else -1
            if at <= 0:
                continue
            before = holder[:at].rstrip()
            place = ("sentence" if re.search(r"[.!?][\"”’)]?$", before) else "comma" if before.endswith(",")
                     else "colon or semicolon" if before.endswith((":", ";")) else "elsewhere")
            where[place] += 1
            if place == "sentence":
                words[holder[at:].split()[0].strip(",")] += 1
                marked += bool(re.match("(" + "|".join(MARKERS.values()) + ")", holder[at:]))
    print(f"missed annotations starting inside a lesson: {dict(where)}; at a sentence, opened by a marker: {marked}")
    print("their first words:", ", ".join(f"{word} {n}" for word, n in words.most_common(15)))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scope", choices=("sections", "all"), default="sections")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--starts", action="store_true", help="count where missed annotations start inside a lesson")
    args = parser.parse_args()
    docs = documents(args.mirror)
    if args.starts:
        starts(docs)
        return
    print(f"{len(docs)} English documents; scope: {args.scope}")
    print("marker | lessons added | matched added | right | P | R | repositories cut")
    rows = {**MARKERS, "all": "(" + "|".join(MARKERS.values()) + ")"}
    for name, pattern in rows.items():
        ann, ext, got, ext2, got2, repos = replay(docs, pattern, args.scope == "sections")
        added, gained = ext2 - ext, got2 - got
        right = f"{gained / added:.2f}" if added else "-"
        print(f"{name} | +{added} | +{gained} | {right} | {got / ext:.4f} -> {got2 / ext2:.4f} | {got / ann:.4f} -> "
              f"{got2 / ann:.4f} | {len(repos)}")


if __name__ == "__main__":
    main()
