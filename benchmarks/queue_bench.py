"""What the home page's listings and the review queue cost a request, on a large made-up store.

    .venv/bin/python benchmarks/queue_bench.py [--documents 40000] [--lessons 300000] [--repeat 5] [--out FILE]

Builds a store in a temporary folder (documents with authors and projects, lessons of which two thirds are
unreviewed, added over eleven months), then times, median of ``--repeat`` runs, each query the home page and the
review queue make, beside the plain way to write it (a window over every lesson for the recent ones, DISTINCT over
every unreviewed lesson for the filter menus), which the code avoided.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from kb.store import QueueFilters, Store

PLAIN_RECENT = (
    "SELECT * FROM (SELECT l.id, l.created_at, d.date, row_number() OVER (PARTITION BY l.document_id"
    " ORDER BY l.position) AS nth FROM lessons l JOIN documents d ON d.id = l.document_id"
    " WHERE l.review_status != 'hidden') WHERE nth <= 2 ORDER BY substr(created_at, 1, 10) DESC, date DESC LIMIT 6")
PLAIN_CHOICES = (
    "SELECT DISTINCT d.project, l.kind, a.value FROM lessons l JOIN documents d ON d.id = l.document_id,"
    " json_each(d.authors) a WHERE l.review_status = 'unreviewed'")


def build(store: Store, documents: int, lessons: int) -> None:
    """Documents over 50 projects (half with one of 300 authors), lessons spread over them and eleven months."""
    with store.transaction():
        store.conn.executemany(
            "INSERT INTO documents (key, title, language, format, content_hash, raw_text, html, first_ingested,"
            " last_ingested, date, project, authors) VALUES (?, ?, 'en', 'markdown', 'h', '', '', ?, ?, ?, ?, ?)",
            [(f"k{d}", f"Retro {d}", f"2026-{1 + d % 11:02d}-01T00:00:00+00:00", "2026-12-01T00:00:00+00:00",
              f"{2010 + d % 15}-06-01", f"Project {d % 50}", json.dumps([f"Author {d % 300}"] if d % 2 else []))
             for d in range(documents)])
        store.conn.executemany(
            "INSERT INTO lessons (document_id, position, kind, text, text_hash, review_status, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, 'h', ?, ?, ?)",
            [(1 + n % documents, n // documents, ("lesson", "went_wrong", "root_cause")[n % 3], f"lesson {n}",
              "approved" if n % 3 == 0 else "unreviewed", f"2026-{1 + n % 11:02d}-{1 + n % 28:02d}T00:00:00+00:00",
              "2026-12-01T00:00:00+00:00") for n in range(lessons)])


def timed(call: Callable[[], object], repeat: int) -> float:
    """The median wall time of a call, in milliseconds."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=40_000)
    parser.add_argument("--lessons", type=int, default=300_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, Store(Path(folder) / "kb.db") as store:
        build(store, args.documents, args.lessons)
        calls: dict[str, Callable[[], object]] = {
            "queue count (every page, curators)": store.review_queue_count,
            "queue, first page": lambda: store.review_queue(),
            "queue, one project": lambda: store.review_queue(QueueFilters(project="Project 7")),
            "queue, one author": lambda: store.review_queue(QueueFilters(author="Author 7")),
            "queue filter menus": store.review_queue_choices,
            "plain: menus from every unreviewed lesson": lambda: store.conn.execute(PLAIN_CHOICES).fetchall(),
            "recent lessons": store.recent_lessons,
            "plain: recent lessons by a window over all": lambda: store.conn.execute(PLAIN_RECENT).fetchall(),
            "untagged documents": store.untagged_documents,
            "popular searches": store.popular_searches,
            "fruitless searches": store.fruitless_searches,
        }
        figures = {name: round(timed(call, args.repeat), 1) for name, call in calls.items()}
    print(f"{args.documents:,} documents, {args.lessons:,} lessons (two thirds unreviewed); median of {args.repeat}")
    for name, ms in figures.items():
        print(f"  {name:<45} {ms:>9.1f} ms")
    if args.out:
        args.out.write_text(json.dumps({"documents": args.documents, "lessons": args.lessons, "ms": figures},
                                       ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
