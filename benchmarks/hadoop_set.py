"""A known-item BEIR set of short English queries from real bug reports: each query is an Apache Hadoop bug's
one-line summary, and its one relevant document is that bug's description. Every document is indexed without its
summary (titled by its issue id alone), so a query must find its bug from what the description says. Short English
queries over long technical texts, in one language: a regime neither ``llis-known-dev`` (long queries) nor
``lcqmc-dev`` (short Chinese questions over short questions) covers.

    .venv/bin/python benchmarks/hadoop_set.py OUT [--data ../shared/data/hadoop-bugs/hadoop_bugs.csv] [--queries 300]
    .venv/bin/python benchmarks/baselines.py OUT

The data (../shared/data, CC BY 4.0, GitBugs) stays where it is: OUT, outside the project, gets ``corpus/`` (one
Markdown file per bug with a description of at least 20 words), ``queries.jsonl`` (a fixed random sample, seed 0;
each query's ``self`` is empty: the document it comes from is the answer) and ``qrels.tsv``.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "hadoop-bugs" / "hadoop_bugs.csv"
MIN_WORDS = 20  # a description shorter than this says too little to be found by


def bugs(path: Path) -> list[dict[str, str]]:
    """The bug reports that have a summary and a description of at least MIN_WORDS words, in file order."""
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return [r for r in rows if r.get("Summary", "").strip() and len(r.get("Description", "").split()) >= MIN_WORDS]


def write(out: Path, rows: list[dict[str, str]], queries: int) -> None:
    """The set's corpus, queries and judgements."""
    corpus = out / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for row in rows:
        key = f"hadoop-{row['Issue id']}"
        text = row["Description"].strip()
        (corpus / f"{key}.md").write_text(f"---\nid: {key}\ntitle: \"Bug {row['Issue id']}\"\n---\n\n"
                                          f"# Bug {row['Issue id']}\n\n## Description\n\n{text}\n", encoding="utf-8")
    sample = random.Random(0).sample(rows, min(queries, len(rows)))
    with (out / "queries.jsonl").open("w", encoding="utf-8") as handle:
        for row in sample:
            handle.write(json.dumps({"_id": f"q-{row['Issue id']}", "text": row["Summary"].strip()},
                                    ensure_ascii=False) + "\n")
    lines = ["query-id\tcorpus-id\tscore"] + [f"q-{r['Issue id']}\thadoop-{r['Issue id']}\t1" for r in sample]
    (out / "qrels.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="the set's folder (made; keep it outside the project)")
    parser.add_argument("--data", type=Path, default=DATA, help="hadoop_bugs.csv")
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    if not args.data.is_file():
        raise SystemExit(f"error: {args.data}: no such file (../shared/data/hadoop-bugs/hadoop_bugs.csv)")
    rows = bugs(args.data)
    write(args.out, rows, args.queries)
    print(f"{args.out}: {len(rows)} documents, {min(args.queries, len(rows))} queries")


if __name__ == "__main__":
    main()
