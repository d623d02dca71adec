"""A known-item BEIR set across languages, from real data: Chinese questions a project manager in a Chinese PMO
would type, asked of the 2,102 English NASA lessons of ``llis-known-dev`` (``xling-dev``).

    .venv/bin/python benchmarks/xling_set.py pick [--count 80]      # the sampled lessons' titles and abstracts
    .venv/bin/python benchmarks/xling_set.py OUT [--data ../shared/data/llis/llis.jsonl]
    KB_THREADS=1 .venv/bin/python benchmarks/baselines.py OUT

How the questions were written (BENCHMARKS.md, "A real cross-language development set (s-xdev)"): lessons are
drawn at random (seed 16) from those with a title and an abstract (of eight words or more) that are not ``llis-known-dev`` queries (its ids,
``../shared/eval-dev/llis-known-dev-ids.txt``); for each, only its title and abstract were read (``pick``), then
set aside, and a question written as a PM who had that problem would ask it, in everyday PM Chinese: the situation,
not the lesson's words. All of them were written before any search ran. They are kept in
``benchmarks/xling_queries.tsv`` (lesson id, question): our words may be stored, NASA's text may not.

The data stays where it is: OUT, outside the project, gets ``corpus/`` (every lesson whole, one Markdown file each,
in ``llis-known-dev``'s form but with no paragraph taken out), ``queries.jsonl`` (``self`` empty: the lesson is the
answer) and ``qrels.tsv`` (the lesson, grade 1).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
DATA = ROOT.parent.parent / "shared" / "data" / "llis" / "llis.jsonl"
KNOWN_IDS = ROOT.parent.parent / "shared" / "eval-dev" / "llis-known-dev-ids.txt"
QUERIES = ROOT / "xling_queries.tsv"
SEED = 16
MIN_WORDS = 8  # an abstract shorter than this says nothing to write from (four say "Unavailable.")
SECTIONS = ("Abstract", "Driving Event", "Lesson(s) Learned", "Recommendation(s)", "Evidence")
PHASE = "From what phase of the program or project was this lesson learned captured?"


def lessons(path: Path) -> list[dict]:
    """The lessons of the LLIS export, in file order."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def key(row: dict) -> str:
    return f"llis-{int(row['Lesson ID'])}"


def sample(rows: list[dict], known: set[str], count: int) -> list[dict]:
    """The lessons questions are written for: a fixed random draw among those with a title and an abstract that are
    not ``llis-known-dev`` queries."""
    pool = [r for r in rows if (r.get("Title") or "").strip() and len((r.get("Abstract") or "").split()) >= MIN_WORDS
            and key(r) not in known]
    random.Random(SEED).shuffle(pool)
    return pool[:count]


def _date(value: str | None) -> str | None:
    """LLIS's month/day/year as an ISO date, or None."""
    found = re.match(r"(\d+)/(\d+)/(\d{4})", value or "")
    return f"{found[3]}-{int(found[1]):02d}-{int(found[2]):02d}" if found else None


def _quoted(value: object) -> str:
    return json.dumps(str(value), ensure_ascii=False)


def markdown(row: dict) -> str:
    """One lesson as ``llis-known-dev`` writes it (front matter, title, its sections), whole."""
    title = (row.get("Title") or "").strip() or key(row)
    tags = [t.strip() for t in (row.get("Topics") or "").split(",") if t.strip()]
    meta = {"type": "lesson", "date": _date(row.get("Date Lesson Occurred")), "project": row.get("Project / Program"), "organization": row.get("Organization"),
            "phase": row.get(PHASE)}
    lines = ["---", f"id: {key(row)}", f"title: {_quoted(title)}"]
    lines += [f"{name}: {_quoted(value)}" for name, value in meta.items() if value not in (None, "")]
    if tags:
        lines.append(f"tags: [{', '.join(_quoted(t) for t in tags)}]")
    lines += ["---", "", f"# {title}", ""]
    for head in SECTIONS:
        body = str(row.get(head) or "").strip()
        if body:
            lines += [f"## {head}", "", body, ""]
    return "\n".join(lines)


def read_queries(path: Path, key: str = "llis-ID") -> list[tuple[str, str]]:
    """(lesson id, question) pairs of the query file (``key`` names the first field in the error); a line that is not
    two tab-separated fields is an error."""
    pairs = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not all(f.strip() for f in fields):
            raise SystemExit(f"error: {path}:{number}: expected '{key}<TAB>question'")
        pairs.append((fields[0].strip(), fields[1].strip()))
    return pairs


def write(out: Path, rows: list[dict], pairs: list[tuple[str, str]]) -> None:
    """The set's corpus, queries and judgements."""
    corpus = out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for row in rows:
        (corpus / f"{key(row)}.md").write_text(markdown(row), encoding="utf-8")
    with (out / "queries.jsonl").open("w", encoding="utf-8") as handle:
        for lesson, text in pairs:
            handle.write(json.dumps({"_id": f"q-x{lesson[5:]}", "text": text, "self": None,
                                     "metadata": {"set": "cross"}}, ensure_ascii=False) + "\n")
    lines = ["query-id\tcorpus-id\tscore"] + [f"q-x{lesson[5:]}\t{lesson}\t1" for lesson, _ in pairs]
    (out / "qrels.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def pick(rows: list[dict], known: set[str], count: int) -> None:
    """Print what a question's writer reads of each sampled lesson: its id, title and abstract."""
    for row in sample(rows, known, count):
        print(f"{key(row)}\t{row['Title'].strip()}\n    {' '.join(row['Abstract'].split())}\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", help="the set's folder (made; keep it outside the project), or 'pick'")
    parser.add_argument("--data", type=Path, default=DATA, help="llis.jsonl")
    parser.add_argument("--count", type=int, default=80, help="lessons to pick")
    args = parser.parse_args()
    for path in (args.data, KNOWN_IDS):
        if not path.is_file():
            raise SystemExit(f"error: {path}: no such file")
    rows = lessons(args.data)
    known = {f"llis-{int(x)}" for x in KNOWN_IDS.read_text().split()}
    if args.out == "pick":
        pick(rows, known, args.count)
        return
    pairs = read_queries(QUERIES)
    drawn = {key(r) for r in sample(rows, known, len(pairs))}
    stray = [lesson for lesson, _ in pairs if lesson not in drawn]
    if stray:
        raise SystemExit(f"error: {QUERIES}: {stray[0]} is not among the first {len(pairs)} lessons drawn")
    write(Path(args.out), rows, pairs)
    print(f"{args.out}: {len(rows)} documents, {len(pairs)} queries")


if __name__ == "__main__":
    sys.exit(main())
