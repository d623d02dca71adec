"""What each page a PM or curator opens costs the server on a real-sized store: p50 / p95 wall time, SQL statements,
SQLite VM steps, the page's size, and the statements whose plan scans a big table.

    .venv/bin/python benchmarks/pages_bench.py --db STORE [--repeat 7] [--reader] [--only NAME] [--out FILE]

In-process (Flask's test client, as benchmarks/web_bench.py), as a curator (the first active curator or admin of the
store; a web session is started for it and ended after) unless ``--reader``. The pages are chosen from the store: the
document with the most lessons and sections, lessons of it and of others, the browse list's first, middle and last
pages, a tag, a project, the newest share session. Search pages are benchmarks/web_bench.py's.

Populate a store first (``benchmarks/pages_store.py``) so that the tags page, the session and the subscribers have
something to list.
"""

from __future__ import annotations

import argparse
import json
import re
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import Flask, g

from benchmarks import BENCH_SECRET_KEY
from benchmarks.stats import percentile
from kb.settings import Settings
from kb.store import Store
from web import create_app
from web.security import SESSION_KEY

BIG_TABLES = ("documents", "lessons", "sections", "chunks", "document_tags", "lesson_tags", "tag_events",
              "session_items", "subscribers", "ingest_errors", "sources")
STEPS = 1000  # the progress handler is called every this many SQLite VM steps


def pages(store: Store) -> dict[str, str]:
    """Every page to time, by name, with addresses chosen from the store."""
    total = int(store.scalar("SELECT count(*) FROM documents"))
    lesson_total = int(store.scalar("SELECT count(*) FROM lessons"))
    last, middle = max(1, -(-total // 25)), max(1, total // 50)
    big = store.row("SELECT d.key, (SELECT count(*) FROM lessons l WHERE l.document_id = d.id) AS n FROM documents d"
                    " ORDER BY n DESC, length(d.html) DESC LIMIT 1")
    lessons = [r[0] for r in store.conn.execute("SELECT id FROM lessons ORDER BY id LIMIT 1 OFFSET ?", [total // 3])]
    big_lesson = store.scalar("SELECT l.id FROM lessons l JOIN documents d ON d.id = l.document_id WHERE d.key = ?"
                              " ORDER BY l.position DESC LIMIT 1", [big["key"]])
    tag = store.scalar("SELECT t.name FROM tags t JOIN document_tags dt ON dt.tag_id = t.id GROUP BY t.id"
                       " ORDER BY count(*) DESC LIMIT 1") or "none"
    project = store.scalar("SELECT project FROM documents WHERE project IS NOT NULL GROUP BY project"
                           " ORDER BY count(*) DESC LIMIT 1") or "none"
    session = store.scalar("SELECT id FROM share_sessions ORDER BY id DESC LIMIT 1")
    out = {
        "home": "/",
        "browse first page": "/browse", f"browse page {middle}": f"/browse?page={middle}",
        f"browse last page ({last})": f"/browse?page={last}",
        "browse by title": "/browse?sort=title", "browse by title, last page": f"/browse?sort=title&page={last}",
        "browse by project (pinyin)": "/browse?sort=project",
        "browse by project, last page": f"/browse?sort=project&page={last}",
        "browse oldest": "/browse?sort=-date", "browse ingested": "/browse?sort=ingested",
        "browse lang=zh": "/browse?lang=zh", "browse type=retrospective": "/browse?type=retrospective",
        "browse kind=went_wrong": "/browse?kind=went_wrong", f"browse tag={tag}": f"/browse?tag={quote(tag)}",
        "browse project": f"/browse?project={quote(project)}", "browse untagged": "/browse?untagged=1",
        "browse added 7 days": "/browse?added=7", "browse 200 a page": "/browse?size=200",
        f"document ({big['n']} lessons)": f"/documents/{quote(big['key'])}",
        "lesson of it": f"/lessons/{big_lesson}", "lesson": f"/lessons/{lessons[0] if lessons else 1}",
        "tags": "/tags", "tags ?q=": "/tags?q=fail", "tag suggest": f"/curate/tags/suggest?key={quote(big['key'])}",
        "review queue": "/review", "review queue last page": f"/review?page={last * 2}",
        "sessions": "/sessions", "subscribers": "/curate/subscribers", "digest preview": "/curate/digest",
        "digest preview's frame": "/curate/digest/raw",
        "contributions": "/contribute", "record form": "/contribute/record", "upload form": "/contribute/upload",
        "/api/documents": "/api/documents", "/api/documents last": f"/api/documents?offset={total - 50}",
        "/api/lessons": "/api/lessons", "/api/lessons last": f"/api/lessons?offset={max(0, lesson_total - 50)}",
        "/api/tags": "/api/tags", "/api/sessions": "/api/sessions",
        "/api/review": "/api/review", f"/api/documents/{big['key'][:20]}": f"/api/documents/{quote(big['key'])}",
        "export lessons csv": "/api/lessons?format=csv", "export lessons xlsx": "/api/lessons?format=xlsx",
    }
    if session:
        out |= {"session builder": f"/sessions/{session}", "session print": f"/sessions/{session}/print",
                "session agenda.md": f"/sessions/{session}/agenda.md", "/api/sessions/ID": f"/api/sessions/{session}"}
    return out


class Counter:
    """Statements, VM steps and the plans of the statements one request runs."""

    def __init__(self) -> None:
        self.statements: list[str] = []
        self.steps = 0

    def attach(self, conn: Any) -> None:
        conn.set_trace_callback(self.statements.append)
        conn.set_progress_handler(self._step, STEPS)

    def _step(self) -> int:
        self.steps += STEPS
        return 0


def instrumented(settings: Settings) -> tuple[Flask, list[Counter]]:
    """The app, with each request's store connection traced into a new ``Counter`` (after the request opened it)."""
    app = create_app(settings)
    counters: list[Counter] = []

    def trace() -> None:
        counters.append(Counter())
        counters[-1].attach(g.store.conn)

    app.before_request(trace)
    return app, counters


def scans(store: Store, statements: list[str]) -> list[str]:
    """The big tables that a statement's plan reads whole (SCAN, not through an index)."""
    found = set()
    for sql in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
            continue
        try:
            plan = store.conn.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall()
        except sqlite3.Error:  # a statement of a temporary table or a PRAGMA read traced: no plan to read
            plan = []
        aliases = {alias: table for table, alias in re.findall(r"\b(\w+) (?:AS )?(\w+)\b", sql)
                   if table in BIG_TABLES}  # "lessons l": l -> lessons
        for row in plan:
            match = re.match(r"SCAN (\w+)", row[3])
            table = match and (match.group(1) if match.group(1) in BIG_TABLES else aliases.get(match.group(1)))
            if table in BIG_TABLES:
                found.add(row[3].replace(match.group(1), table, 1))
    return sorted(found)


@contextmanager
def curator_session(store: Store, client: Any) -> Iterator[str]:
    """A web session of the store's first curator (or admin), ended afterwards."""
    user = store.row("SELECT id, name FROM users WHERE active = 1 AND role IN ('curator', 'admin') ORDER BY id LIMIT 1")
    if user is None:
        raise SystemExit("no active curator or admin in the store: add one with 'kb user add NAME --role curator'")
    sid = store.start_session(user["id"], timedelta(hours=1))
    with client.session_transaction() as session:
        session[SESSION_KEY] = sid
    try:
        yield user["name"]
    finally:
        store.end_session(sid)


def measure(client: Any, counters: list[Counter], store: Store, path: str, repeat: int) -> dict[str, Any]:
    """One page: a first (cold) request, then ``repeat`` timed ones."""
    times = []
    for _ in range(repeat + 1):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            return {"status": response.status_code, "body": response.get_data(as_text=True)[:200]}
    counter, body = counters[-1], response.get_data()
    return {"p50_ms": round(statistics.median(times[1:]), 1), "p95_ms": round(percentile(times[1:], 95), 1),
            "first_ms": round(times[0], 1), "statements": len(counter.statements),
            "vm_steps_k": counter.steps // 1000, "kb": round(len(body) / 1024, 1),
            "options": body.count(b"<option"), "scans": scans(store, counter.statements)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--reader", action="store_true", help="as an anonymous reader, not a curator")
    parser.add_argument("--only", action="append", help="only the pages whose name holds this text (repeatable)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    settings = Settings(db=args.db, secret_key=BENCH_SECRET_KEY)
    app, counters = instrumented(settings)
    client = app.test_client()
    results: dict[str, Any] = {}
    with Store(args.db, create=False) as store:
        chosen = {n: p for n, p in pages(store).items() if not args.only or any(o in n for o in args.only)}
        results["documents"] = int(store.scalar("SELECT count(*) FROM documents"))
        results["lessons"] = int(store.scalar("SELECT count(*) FROM lessons"))
        with (curator_session(store, client) if not args.reader else _nothing()):
            for name, path in chosen.items():
                results[name] = {"path": path, **measure(client, counters, store, path, args.repeat)}
                print(_line(name, results[name]), flush=True)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False))


@contextmanager
def _nothing() -> Iterator[None]:
    yield None


def _line(name: str, r: dict[str, Any]) -> str:
    if "status" in r:
        return f"| {name} | status {r['status']} | {r['body'][:80]!r} |"
    return (f"| {name} | {r['p50_ms']} | {r['p95_ms']} | {r['statements']} | {r['vm_steps_k']:,} | {r['kb']} |"
            f" {r['options']} | {', '.join(r['scans']) or '–'} |")


if __name__ == "__main__":
    main()
