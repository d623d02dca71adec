"""What the extractor missed the first time it saw each held split, sorted into structural classes, and how much of it
today's rules still miss (BENCHMARKS.md, "What first sight misses, across 27 unseen splits (e-gen9)").

    .venv/bin/python benchmarks/first_sight.py [--first held3] [--last held29] [--mirror /work/.mirror] [--out FILE]

Every held split was run once on the rules of its day before anyone tuned on it: benchmarks/results/
extraction-heldN-frozen.json keeps, per document, the annotated count, the extracted kinds and the matched pairs
(annotated index, extracted index). Each annotation that first run missed is classed by **scope** (the whole document
yielded no right lesson although at least three are annotated; no annotation of its section was matched; or its
section was found and the item missed) and by the **form** the text has in the document (list item, paragraph, table
cell, heading, not located: read from the HTML of today's parse, by the smallest element that holds 70% of its
bigrams). Each first-run document's unmatched lessons are classed by the document: a look-alike (nothing annotated),
a flood (more junk than right lessons, at least three), or scattered junk. Today's rules are run on the same documents
and classed the same way: a class "still" shows in a document when today's run has an error of that class there.
Frozen splits (``benchmarks.extraction.FIRST_FROZEN`` and later) are refused: they are judged once, not studied.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from bs4 import BeautifulSoup

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.extraction import COVER, DATA, bigrams, document_file, frozen, match
from benchmarks.extraction_errors import miss_cause
from ingest.parsers import PARSERS
from ingest.source import RawFile
from kb.errors import IngestError

RESULTS = Path(__file__).resolve().parent / "results"
FORMS = {"li": "list item", "dt": "list item", "dd": "list item", "td": "table cell", "th": "table cell",
         "p": "paragraph", "blockquote": "paragraph", "pre": "code",
         **{f"h{n}": "heading" for n in range(1, 7)}}
NOT_LOCATED = "not located"
WHOLE_DOC, WHOLE_SECTION, ITEM = "whole document", "whole section", "item in a found section"
LOOK_ALIKE, FLOOD, SCATTERED = "look-alike (nothing annotated)", "flood (junk > right, >= 3)", "scattered junk"
MIN_DOC = 3  # a document with fewer annotated lessons than this is never "missed whole"


def held_splits(first: str, last: str) -> list[str]:
    """The held splits from ``first`` to ``last`` (numbers), never a frozen one.

    Raises:
        ValueError: when the range reaches a frozen split.
    """
    low, high = (int(re.fullmatch(r"held(\d+)", s).group(1)) for s in (first, last))
    splits = [f"held{n}" for n in range(low, high + 1)]
    if any(frozen(s) for s in splits):
        raise ValueError(f"{last} is frozen: it is judged once, not studied")
    return splits


def first_run(split: str) -> list[dict]:
    """The parsed documents of a split's first run (its -frozen.json), each with its annotated lessons."""
    if frozen(split):
        raise ValueError(f"{split} is frozen: it is judged once, not studied")
    saved = json.loads((RESULTS / f"extraction-{split}-frozen.json").read_text(encoding="utf-8"))
    docs = [d for d in saved["documents"] if d["split"] == split and d["status"] == "ok"]
    for doc in docs:
        doc["lessons"] = json.loads((DATA / "annotations" / f"{doc['id']}.json").read_text(encoding="utf-8"))["lessons"]
    return docs


def elements(html: str) -> list[tuple[str, str, set[str]]]:
    """(form, heading above it, bigrams) of every text element of a document's HTML, in document order."""
    out, heading = [], ""
    for tag in BeautifulSoup(html, "html.parser").find_all(list(FORMS)):
        text = tag.get_text(" ", strip=True)
        if FORMS[tag.name] == "heading":
            heading = text
        out.append((FORMS[tag.name], heading, bigrams(text)))
    return out


def locate(text: str, found: list[tuple[str, str, set[str]]]) -> tuple[str, str]:
    """(form, section heading) of the smallest element that holds an annotation (by the matcher's cover bound)."""
    wanted = bigrams(text)
    holding = [(len(grams), form, heading) for form, heading, grams in found
               if wanted and len(wanted & grams) >= COVER * len(wanted)]
    if not holding:
        return NOT_LOCATED, ""
    _, form, heading = min(holding, key=lambda row: row[0])
    return form, heading


def scope(index: int, matched: set[int], sections: list[str]) -> str:
    """How much around a missed annotation was missed with it: the document, its section, or only the item."""
    if not matched and len(sections) >= MIN_DOC:
        return WHOLE_DOC
    if not any(sections[i] == sections[index] for i in matched):
        return WHOLE_SECTION
    return ITEM


def miss_classes(matched: set[int], places: list[tuple[str, str]]) -> list[tuple[int, str, str]]:
    """(annotation index, scope, form) of each annotation that ``matched`` leaves out."""
    sections = [heading for _, heading in places]
    return [(i, scope(i, matched, sections), form) for i, (form, _) in enumerate(places) if i not in matched]


def junk_class(annotated: int, extracted: int, matched: int) -> str | None:
    """What a document's unmatched lessons are, taken together (None when it has none)."""
    junk = extracted - matched
    if junk <= 0:
        return None
    if annotated == 0:
        return LOOK_ALIKE
    return FLOOD if junk > matched and junk >= MIN_DOC else SCATTERED


def today(doc: dict, mirror: Path) -> tuple[str, list[str], str | None] | None:
    """A document parsed on today's rules: its HTML, its lessons' texts and its type (None when unavailable or
    refused)."""
    data, key, suffix = document_file(doc, mirror)
    if data is None or suffix not in PARSERS:
        return None
    try:
        parsed = PARSERS[suffix](RawFile(data=data, default_key=key)).documents
    except IngestError:
        return None
    return ("\n".join(d.html for d in parsed), [lesson.text for d in parsed for lesson in d.lessons],
            parsed[0].doc_type.value if parsed else None)


def run_classes(lessons: list[dict], places: list[tuple[str, str]], texts: list[str] | None, extracted: int,
                pairs: list) -> dict:
    """One run's errors of a document: its missed annotations' classes (with why each was missed, when the run's
    texts are known: ``extraction_errors.miss_cause``) and its junk's class and count."""
    matched = {i for i, _ in pairs}
    missed = miss_classes(matched, places)
    return {"misses": [f"{where}: {form}" for _, where, form in missed],
            "causes": [miss_cause(lessons[i]["text"], texts) for i, _, _ in missed] if texts is not None else [],
            "junk": junk_class(len(places), extracted, len(pairs)), "junk_count": extracted - len(pairs)}


def document_record(doc: dict, source: dict, mirror: Path) -> dict | None:
    """A document's first-run and today's errors, classed alike (None when it cannot be parsed today)."""
    parsed = today(source, mirror)
    if parsed is None:
        return None
    html, texts, _ = parsed
    found = elements(html)
    places = [locate(a["text"], found) for a in doc["lessons"]]
    pairs = match(doc["lessons"], [{"text": t} for t in texts])
    return {"id": doc["id"], "split": doc["split"], "language": doc["language"],
            "first": run_classes(doc["lessons"], places, None, len(doc["extracted"]), doc["matches"]),
            "today": run_classes(doc["lessons"], places, texts, len(texts), pairs)}


def _row() -> dict:
    return {"first": 0, "docs": set(), "splits": set(), "still": set(), "still_errors": 0, "causes": Counter()}


def recall_table(records: list[dict]) -> list[dict]:
    """Per miss class: first-run misses, their documents and splits, the documents that still show it today and
    today's misses of the class there, by cause."""
    rows: dict[str, dict] = defaultdict(_row)
    for rec in records:
        now = rec["today"]
        for cls, count in Counter(rec["first"]["misses"]).items():
            row = rows[cls]
            row["first"] += count
            row["docs"].add(rec["id"])
            row["splits"].add(rec["split"])
            causes = [cause for miss, cause in zip(now["misses"], now["causes"], strict=True) if miss == cls]
            if causes:
                row["still"].add(rec["id"])
                row["still_errors"] += len(causes)
                row["causes"].update(causes)
    return _rows(rows)


def precision_table(records: list[dict]) -> list[dict]:
    """Per junk class: the first run's unmatched lessons, their documents and splits, the documents still showing it."""
    rows: dict[str, dict] = defaultdict(_row)
    for rec in records:
        cls = rec["first"]["junk"]
        if cls is None:
            continue
        row = rows[cls]
        row["first"] += rec["first"]["junk_count"]
        row["docs"].add(rec["id"])
        row["splits"].add(rec["split"])
        if rec["today"]["junk"] == cls:
            row["still"].add(rec["id"])
            row["still_errors"] += rec["today"]["junk_count"]
    return _rows(rows)


def _rows(rows: dict[str, dict]) -> list[dict]:
    """Rows with counts instead of sets, shares of the whole, the largest first."""
    total = sum(row["first"] for row in rows.values()) or 1
    out = [{"class": cls, "errors": row["first"], "share": round(row["first"] / total, 3), "docs": len(row["docs"]),
            "splits": len(row["splits"]), "still_docs": len(row["still"]), "still_errors": row["still_errors"],
            "still_causes": dict(row["causes"].most_common())} for cls, row in rows.items()]
    return sorted(out, key=lambda row: (-row["errors"], row["class"]))


def split_table(records: list[dict]) -> list[dict]:
    """Per split (in the order of the records): documents, first-run and today's misses and junk, and the class with
    the most first-run misses."""
    by_split: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        by_split[rec["split"]].append(rec)
    rows = []
    for split, recs in by_split.items():
        classes = Counter(miss for rec in recs for miss in rec["first"]["misses"])
        rows.append({"split": split, "docs": len(recs),
                     **{f"{run}_{what}": sum(len(r[run]["misses"]) if what == "missed" else r[run]["junk_count"]
                                            for r in recs) for run in ("first", "today") for what in ("missed", "junk")},
                     "top_class": classes.most_common(1)[0][0] if classes else ""})
    return rows


def print_splits(rows: list[dict]) -> None:
    print(f"\n{'split':<8}{'docs':>5}{'first missed':>14}{'first junk':>12}{'today missed':>14}{'today junk':>12}  "
          "largest first-run class")
    for row in rows:
        print(f"{row['split']:<8}{row['docs']:>5}{row['first_missed']:>14}{row['first_junk']:>12}"
              f"{row['today_missed']:>14}{row['today_junk']:>12}  {row['top_class']}")


def print_rows(title: str, rows: list[dict]) -> None:
    print(f"\n{title}")
    print(f"{'class':<44}{'errors':>7}{'share':>7}{'docs':>6}{'splits':>7}{'still docs':>11}{'still err':>10}  today's causes")
    for row in rows:
        print(f"{row['class']:<44}{row['errors']:>7}{row['share']:>7.2f}{row['docs']:>6}{row['splits']:>7}"
              f"{row['still_docs']:>11}{row['still_errors']:>10}  "
              + ", ".join(f"{cause} {n}" for cause, n in row["still_causes"].items()))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--first", default="held3")
    parser.add_argument("--last", default="held29", help="never a frozen split (refused)")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=None, help="write the per-document classes and tables as JSON")
    args = parser.parse_args()
    try:
        splits = held_splits(args.first, args.last)
    except ValueError as exc:
        parser.error(str(exc))
    sources = {doc["id"]: doc for doc in json.loads((DATA / "sources.json").read_text(encoding="utf-8"))}
    records = [rec for split in splits for doc in first_run(split)
               if (rec := document_record(doc, sources[doc["id"]], args.mirror))]
    tables = {}
    for language in ("en", "zh"):
        chosen = [rec for rec in records if rec["language"] == language]
        tables[language] = {"recall": recall_table(chosen), "precision": precision_table(chosen),
                            "splits": split_table(chosen)}
        print(f"\n== {language}: {len(chosen)} documents of {len({r['split'] for r in chosen})} splits ==")
        print_splits(tables[language]["splits"])
        print_rows("first-run misses (recall loss)", tables[language]["recall"])
        print_rows("first-run junk (precision loss)", tables[language]["precision"])
    if args.out:
        args.out.write_text(json.dumps({"tables": tables, "documents": records}, ensure_ascii=False, indent=1),
                            encoding="utf-8")


if __name__ == "__main__":
    main()
