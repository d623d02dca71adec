"""Every missed annotation and every unmatched extracted lesson of some splits, sorted by cause (BENCHMARKS.md, "English
errors of all seen splits together (e-enall)").

    .venv/bin/python benchmarks/extraction_errors.py [--split tuned] [--language en] [--mirror /work/.mirror] [--list]

Each document is parsed and matched exactly as ``benchmarks/extraction.py`` does it. A missed annotation's cause is read
off the extracted lessons: **several points in one lesson** when a lesson that the matcher paired with another
annotation holds it too (by the matcher's own bounds: one-to-one matching leaves it over), **inside a longer lesson**
when a lesson holds it but is too long for it (under the 12% density bound), **not extracted** otherwise, with the
heading of the section whose text holds it. An unmatched lesson is counted by its kind and section heading. The summary
counts each cause's errors, documents, repositories and splits, the cause spread over the most repositories first: a
cause spread over many documents by different authors is a general one, a cause of one document (or of one author's
documents) is that document. ``--list`` prints each error (texts of unstored documents are read from the mirrors and
only printed, never written); ``--repos`` prints, for each cause, the repositories that hold most of its errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction import COVER, DATA, DENSITY, SPLITS, bigrams, document_file, frozen, match
from ingest.parsers import PARSERS
from ingest.source import RawFile
from kb.errors import IngestError
from kb.models import ParsedDocument

SEVERAL, LONGER, NOT_EXTRACTED = "several points in one lesson", "inside a longer lesson", "not extracted"


def miss_cause(annotation: str, extracted: list[str]) -> str:
    """Why an annotation has no lesson: a lesson holds it within the matcher's bounds (so that lesson went to another
    annotation: one-to-one matching leaves this one over), a lesson holds it but is too long for it, or none holds it.

    Args:
        annotation: the missed annotation's text.
        extracted: the document's extracted lesson texts.
    """
    wanted = bigrams(annotation)
    cause = NOT_EXTRACTED
    for text in extracted:
        got = bigrams(text)
        common = len(wanted & got)
        if not wanted or common < COVER * len(wanted):
            continue
        if common >= DENSITY * len(got):
            return SEVERAL
        cause = LONGER
    return cause


def _heading_of(text: str, doc: ParsedDocument) -> str:
    """The heading of the section whose text holds most of a text ("" without sections)."""
    wanted = bigrams(text)
    best = max(doc.sections, key=lambda s: len(wanted & bigrams(s.text)), default=None)
    return best.heading if best else ""


def _parsed(doc: dict, mirror: Path) -> list[ParsedDocument]:
    """A benchmark document parsed as ``kb ingest`` would parse it ([] when unavailable, skipped or refused)."""
    data, key, suffix = document_file(doc, mirror)
    if data is None or suffix not in PARSERS:
        return []
    try:
        return PARSERS[suffix](RawFile(data=data, default_key=key)).documents
    except IngestError:
        return []


def document_errors(doc: dict, mirror: Path) -> list[dict]:
    """One document's missed annotations and unmatched lessons, each with its cause or kind and section heading."""
    parsed = _parsed(doc, mirror)
    if not parsed:
        return []
    annotated = json.loads((DATA / "annotations" / f"{doc['id']}.json").read_text(encoding="utf-8"))["lessons"]
    lessons = [(d, lesson) for d in parsed for lesson in d.lessons]
    texts = [lesson.text for _, lesson in lessons]
    pairs = match(annotated, [{"text": text} for text in texts])
    paired_a, paired_e = {i for i, _ in pairs}, {j for _, j in pairs}
    base = {"doc": doc["id"], "split": doc["split"], "repo": doc.get("repo", doc["id"])}
    out = [{**base, "cause": miss_cause(a["text"], texts), "kind": a["kind"], "heading": _heading_of(a["text"], parsed[0]),
            "text": a["text"]} for i, a in enumerate(annotated) if i not in paired_a]
    return out + [{**base, "cause": f"junk: {lesson.kind.value}", "kind": lesson.kind.value, "text": lesson.text,
                   "heading": d.sections[lesson.section_index].heading if lesson.section_index is not None else ""}
                  for j, (d, lesson) in enumerate(lessons) if j not in paired_e]


def chosen(sources: list[dict], split: str, language: str) -> list[dict]:
    """The documents of one split (or of every split but the frozen ones: "tuned") in one language.

    Raises:
        ValueError: for a frozen split, which is judged once, not studied.
    """
    if frozen(split):
        raise ValueError(f"{split} is frozen: it is judged once, not studied")
    return [doc for doc in sources if doc["language"] == language and not frozen(doc["split"])
            and split in ("tuned", doc["split"])]


def _by_cause(errors: list[dict]) -> dict[str, list[dict]]:
    by_cause: dict[str, list[dict]] = defaultdict(list)
    for error in errors:
        by_cause[error["cause"]].append(error)
    return by_cause


def cause_table(errors: list[dict]) -> list[tuple[str, int, int, int, int]]:
    """(cause, errors, documents, repositories, splits), the cause spread over the most repositories (authors) first:
    one author's several documents (a course's forms, a team's weekly reports) are one shape, not several."""
    rows = [(cause, len(found), len({e["doc"] for e in found}), len({e.get("repo", e["doc"]) for e in found}),
             len({e["split"] for e in found})) for cause, found in _by_cause(errors).items()]
    return sorted(rows, key=lambda row: (-row[3], -row[2], -row[1], row[0]))


def top_repos(errors: list[dict], cause: str, count: int = 10) -> list[tuple[str, int]]:
    """The repositories that hold most of one cause's errors, with how many each holds (most first)."""
    held = Counter(e.get("repo", e["doc"]) for e in _by_cause(errors).get(cause, []))
    return sorted(held.items(), key=lambda item: (-item[1], item[0]))[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=[*SPLITS, "tuned"], default="tuned",
                        help="one split, or 'tuned': every split but the frozen ones (never run a frozen one)")
    parser.add_argument("--language", choices=["en", "zh"], default="en")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--list", action="store_true", help="print each error with its document and section heading")
    parser.add_argument("--repos", action="store_true", help="print each cause's repositories, most errors first")
    args = parser.parse_args()
    sources = json.loads((DATA / "sources.json").read_text(encoding="utf-8"))
    try:
        documents = chosen(sources, args.split, args.language)
    except ValueError as exc:
        parser.error(str(exc))
    errors = [error for doc in documents for error in document_errors(doc, args.mirror)]
    if args.list:
        for e in errors:
            print(f"{e['doc']} | {e['split']} | {e['cause']} | {e['kind']} | [{e['heading'][:40]}] {e['text'][:160]!r}")
    print(f"\n{'cause':<32}{'errors':>8}{'docs':>6}{'repos':>7}{'splits':>8}")
    for cause, count, docs, repos, splits in cause_table(errors):
        print(f"{cause:<32}{count:>8}{docs:>6}{repos:>7}{splits:>8}")
        if args.repos:
            print("    " + ", ".join(f"{repo} {n}" for repo, n in top_repos(errors, cause)))


if __name__ == "__main__":
    main()
