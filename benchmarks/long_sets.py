"""Two BEIR sets of long English queries from real data, each in a development part and a held-out part (s-long).

    .venv/bin/python benchmarks/long_sets.py llis-cites OUT     # OUT/llis-cites-dev, OUT/llis-cites-hold
    .venv/bin/python benchmarks/long_sets.py hadoop-long OUT    # OUT/hadoop-long-dev, OUT/hadoop-long-hold
    .venv/bin/python benchmarks/long_sets.py zh-long OUT [--mirror /work/.mirror]   # OUT/zh-long-dev, -hold
    .venv/bin/python benchmarks/long_sets.py zh-long-all OUT [--mirror /work/.mirror]   # OUT/zh-long-all-dev, -hold
    KB_THREADS=1 .venv/bin/python benchmarks/baselines.py OUT/llis-cites-dev
    KB_THREADS=1 .venv/bin/python benchmarks/baselines.py OUT/llis-cites-hold --corpus OUT/llis-cites-dev/corpus

**llis-cites** — a NASA lesson, whole (title, abstract, driving event, lessons learned, recommendations), asks for
the lessons it cites by number ("NASA Lesson Learned No. 0573", "LLIS #0573", "Lesson #0939",
"llis.nasa.gov/lesson/2041"). The citing text of each number is cut out of the query, so the number cannot match;
the text around it (often the cited lesson's title, in a list of references) stays, as a reader pasting the lesson
would have it. JPL's own numbering ("JPL Lesson Learned No. 7-122") is not LLIS's and is not read as a citation.
Every lesson is a document, whole, as ``xling-dev`` writes it; the citing lesson itself is the query's ``self``.

**hadoop-long** — the Hadoop bug reports cannot give related pairs: their ``Issue id`` is Jira's internal number
(13404344), not a key, and there is no link column, so none of the HADOOP-/HDFS-/YARN- keys the descriptions name
can be found among them. The nearest honest long query: a bug's summary and the first half of its description → a
document holding only the second half (split at the line nearest the middle), so the answer shares the bug's
subject, not the query's text. Every bug with a description of at least ``SPLIT_WORDS`` words is indexed by its
second half, so the answers are no shorter than the other documents of their kind; shorter bugs are indexed whole
(as ``hadoop-bugs`` indexes them, without their summary).

**zh-long** — no Chinese data in ../shared/data is longer than a question, so the Chinese documents of the
extraction benchmark's seen splits (``benchmarks/extraction/sources.json``: dev to held36, Markdown; the transfer
splits held37 and later and the frozen ones are not read), from the repository or the local mirrors: a document of
at least ``ZH_SPLIT_CHARS`` characters is cut at the line nearest its middle character; its first half is a query
(a pasted retrospective section), its second half the document to find; shorter documents are indexed whole.
**zh-long-all** (s-paste2) is the same over every format (Word, PDF, PowerPoint, HTML read through the project's
ingest, ``zh_text``) and the splits dev to held42: never a frozen one (held43 and later, ``extraction.frozen``).

Each set's queries are split once (seed ``SEED``): a third held out (``-hold``: the same documents; run it with
``--corpus`` pointing at the development part's ``corpus/`` so the store is shared) to check a change at the end.
The data (../shared/data) stays where it is; OUT must be outside the project.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.hadoop_set import DATA as HADOOP_DATA
from benchmarks.hadoop_set import bugs
from benchmarks.xling_set import DATA as LLIS_DATA
from benchmarks.xling_set import key, lessons, markdown

SEED = 32
HOLD_SHARE = 1 / 3
QUERY_FIELDS = ("Title", "Abstract", "Driving Event", "Lesson(s) Learned", "Recommendation(s)")
SPLIT_WORDS = 80  # a description this long gives two halves of 40 words or more
ZH_SPLIT_CHARS = 4000  # a Chinese document this long gives two halves of about 2,000 characters (s-paste)
ZH_SEEN = re.compile(r"dev2?|held([1-9]|[12]\d|3[0-6])?")  # the extraction splits tuned on, less held37 and later
ZH_SEEN_ALL = re.compile(r"dev2?|held([1-9]|[1-3]\d|4[0-2])?")  # zh-long-all: up to held42, never the frozen held43+
_NUMBER = r"#?\s*\d{1,5}\b(?![-–]\d)"  # not JPL's "7-122"
_NUMBERS = _NUMBER + r"(?:\s*(?:,\s*and|,|and|&)\s*" + _NUMBER + r")*"  # "Nos. 1835, 1806, and 1743"
CITATION = re.compile(
    r"(?:https?://)?(?:www\.)?(?:llis\.nasa\.gov/lesson/|nasa\.gov/offices/oce/llis/(?:imported_content/lesson_)?)"
    r"(\d{1,5})(?:\.html?)?\b"
    r"|\b(?:NASA\s+)?LLIS\s*(?:Lessons?\s*)?(?:Nos?\.?|Numbers?|#|ID)?\s*[:#]?\s*(" + _NUMBERS + ")"
    r"|\b(?:NASA\s+)?Lessons?\s*(?:Learned\s*)?(?:Nos?\.?|Numbers?|#|ID)\s*[:#]?\s*(" + _NUMBERS + ")",
    re.IGNORECASE)


def citations(text: str, known: set[int]) -> tuple[str, set[int]]:
    """The text with every citation of a known lesson number cut out, and the numbers cited.

    A citation naming no lesson of the collection stays in the text (it names nothing to find)."""
    cited: set[int] = set()

    def cut(match: re.Match[str]) -> str:
        numbers = {int(n) for n in re.findall(r"\d+", next(g for g in match.groups() if g))} & known
        if not numbers:
            return match.group(0)
        cited.update(numbers)
        return ""
    return re.sub(r"[ \t]{2,}", " ", CITATION.sub(cut, text)), cited


def lesson_query(row: dict, known: set[int]) -> tuple[str, set[int]]:
    """A lesson as a query (its QUERY_FIELDS, one paragraph each, citations cut) and the other lessons it cites."""
    parts, cited = [], set()
    for field in QUERY_FIELDS:
        text, found = citations(str(row.get(field) or "").strip(), known)
        cited |= found
        if text.strip():
            parts.append(text.strip())
    cited.discard(int(row["Lesson ID"]))
    return "\n\n".join(parts), cited


def halves(text: str) -> tuple[str, str]:
    """The text cut in two at the line boundary nearest its middle word, or at the middle word when no line
    boundary leaves a third of the words on each side."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    total = sum(len(line.split()) for line in lines)
    best, best_gap, count = None, total, 0
    for at in range(1, len(lines)):
        count += len(lines[at - 1].split())
        if total / 3 <= count <= 2 * total / 3 and abs(count - total / 2) < best_gap:
            best, best_gap = at, abs(count - total / 2)
    if best is not None:
        return "\n".join(lines[:best]), "\n".join(lines[best:])
    words = text.split()
    return " ".join(words[:len(words) // 2]), " ".join(words[len(words) // 2:])


def hold_out(ids: list[str], seed: int = SEED, share: float = HOLD_SHARE) -> tuple[list[str], list[str]]:
    """(development, held-out) ids: a fixed random ``share`` held out, each part in the ids' order."""
    held = set(random.Random(seed).sample(sorted(ids), round(len(ids) * share)))
    return [i for i in ids if i not in held], [i for i in ids if i in held]


def _write_queries(folder: Path, queries: list[dict], qrels: dict[str, list[str]]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "queries.jsonl").open("w", encoding="utf-8") as handle:
        for query in queries:
            handle.write(json.dumps(query, ensure_ascii=False) + "\n")
    lines = ["query-id\tcorpus-id\tscore"] + [f"{q['_id']}\t{d}\t1" for q in queries for d in qrels[q["_id"]]]
    (folder / "qrels.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_parts(out: Path, name: str, queries: list[dict], qrels: dict[str, list[str]]) -> tuple[int, int]:
    dev, held = hold_out([q["_id"] for q in queries])
    for suffix, ids in (("dev", set(dev)), ("hold", set(held))):
        _write_queries(out / f"{name}-{suffix}", [q for q in queries if q["_id"] in ids], qrels)
    return len(dev), len(held)


def build_llis_cites(out: Path, data: Path = LLIS_DATA) -> tuple[int, int, int]:
    """Write the llis-cites set; (documents, development queries, held-out queries)."""
    rows = lessons(data)
    known = {int(r["Lesson ID"]) for r in rows}
    corpus = out / "llis-cites-dev" / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    queries, qrels = [], {}
    for row in rows:
        (corpus / f"{key(row)}.md").write_text(markdown(row), encoding="utf-8")
        text, cited = lesson_query(row, known)
        if cited:
            qid = f"q-cites-{int(row['Lesson ID'])}"
            queries.append({"_id": qid, "text": text, "self": key(row)})
            qrels[qid] = [f"llis-{n}" for n in sorted(cited)]
    return (len(rows), *_write_parts(out, "llis-cites", queries, qrels))


def bug_markdown(issue: str, text: str) -> str:
    return f"---\nid: hadoop-{issue}\ntitle: \"Bug {issue}\"\n---\n\n# Bug {issue}\n\n## Description\n\n{text}\n"


def build_hadoop_long(out: Path, data: Path = HADOOP_DATA, queries_wanted: int = 300) -> tuple[int, int, int]:
    """Write the hadoop-long set; (documents, development queries, held-out queries)."""
    rows = bugs(data)
    corpus = out / "hadoop-long-dev" / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    firsts = {}
    for row in rows:
        text = row["Description"].strip()
        if len(text.split()) >= SPLIT_WORDS:
            firsts[row["Issue id"]], text = halves(text)
        (corpus / f"hadoop-{row['Issue id']}.md").write_text(bug_markdown(row["Issue id"], text), encoding="utf-8")
    summaries = {r["Issue id"]: r["Summary"].strip() for r in rows}
    chosen = random.Random(SEED).sample(sorted(firsts), min(queries_wanted, len(firsts)))
    queries = [{"_id": f"q-long-{i}", "text": f"{summaries[i]}\n\n{firsts[i]}", "self": None} for i in chosen]
    return (len(rows), *_write_parts(out, "hadoop-long", queries, {f"q-long-{i}": [f"hadoop-{i}"] for i in chosen}))


def char_halves(text: str) -> tuple[str, str]:
    """The text cut in two at the line boundary nearest its middle character (Chinese has no words to count)."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    total, count, best, best_gap = sum(len(line) for line in lines), 0, len(lines) // 2, None
    for at in range(1, len(lines)):
        count += len(lines[at - 1])
        if best_gap is None or abs(count - total / 2) < best_gap:
            best, best_gap = at, abs(count - total / 2)
    return "\n".join(lines[:best]), "\n".join(lines[best:])


def zh_text(doc: dict, mirror: Path, every_format: bool) -> str | None:
    """A Chinese document's text: a Markdown file's as it is; with ``every_format``, any other file's as the
    project's ingest reads it (``raw_text``, Word, PDF, PowerPoint and HTML too; the benchmark's converted ones in
    the format it measures them in). None when it cannot be read."""
    from benchmarks.extraction import document_file, source_bytes
    from ingest.parsers import PARSERS
    from ingest.source import RawFile
    from kb.errors import IngestError

    if Path(doc["path"]).suffix.lower() in (".md", ".markdown") and not doc.get("convert_to"):
        data = source_bytes(doc, mirror)
        return None if data is None else data.decode("utf-8-sig", errors="replace").strip()
    if not every_format:
        return None
    data, key, suffix = document_file(doc, mirror)
    if data is None or suffix not in PARSERS:
        return None
    try:
        parsed = PARSERS[suffix](RawFile(data=data, default_key=key))
    except IngestError:
        return None
    text = "\n".join(d.raw_text for d in parsed.documents).strip()
    return text.encode("utf-8", "replace").decode("utf-8") or None  # a PDF's lone surrogates ("\\ud835") as "?"


def build_zh_long(out: Path, mirror: Path, every_format: bool = False) -> tuple[int, int, int]:
    """Write the zh-long set (``zh-long-all`` with ``every_format``: every format, splits up to held42);
    (documents, development queries, held-out queries)."""
    from benchmarks.extraction import DATA as EXTRACTION
    from benchmarks.extraction import frozen

    sources = json.loads((EXTRACTION / "sources.json").read_text(encoding="utf-8"))
    name_of_set = "zh-long-all" if every_format else "zh-long"
    corpus = out / f"{name_of_set}-dev" / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    queries, qrels, documents = [], {}, 0
    seen = ZH_SEEN_ALL if every_format else ZH_SEEN
    for doc in sources:
        if doc["language"] != "zh" or not seen.fullmatch(doc["split"]) or frozen(doc["split"]):
            continue
        text = zh_text(doc, mirror, every_format)
        if not text:
            continue
        name = f"zh-{documents}"
        if len(text) >= ZH_SPLIT_CHARS:
            query, text = char_halves(text)
            queries.append({"_id": f"q-{name}", "text": query, "self": None})
            qrels[f"q-{name}"] = [name]
        (corpus / f"{name}.md").write_text(f"---\nid: {name}\n---\n\n{text}\n", encoding="utf-8")
        documents += 1
    return (documents, *_write_parts(out, name_of_set, queries, qrels))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("set", choices=("llis-cites", "hadoop-long", "zh-long", "zh-long-all"))
    parser.add_argument("out", type=Path, help="the folder the set's two parts are made in (outside the project)")
    parser.add_argument("--data", type=Path, help="llis.jsonl or hadoop_bugs.csv (default: ../shared/data)")
    parser.add_argument("--mirror", type=Path, default=Path("/work/.mirror"),
                        help="zh-long: the extraction benchmark's repository mirrors")
    args = parser.parse_args()
    if args.set.startswith("zh-long"):
        documents, dev, held = build_zh_long(args.out, args.mirror, every_format=args.set == "zh-long-all")
        print(f"{args.out}/{args.set}-dev: {documents} documents, {dev} queries; {args.set}-hold: {held} queries")
        return
    data = args.data or (LLIS_DATA if args.set == "llis-cites" else HADOOP_DATA)
    if not data.is_file():
        raise SystemExit(f"error: {data}: no such file")
    build = build_llis_cites if args.set == "llis-cites" else build_hadoop_long
    documents, dev, held = build(args.out, data)
    print(f"{args.out}/{args.set}-dev: {documents} documents, {dev} queries; {args.set}-hold: {held} queries")


if __name__ == "__main__":
    main()
