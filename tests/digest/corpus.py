"""A small store for fast digest tests: real Markdown retrospectives ingested into a real SQLite store (no model, no
index), with ingestion times set so that some documents and lessons fall inside the week 2026-W47, some before
and some exactly at its end."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from ingest import ingest
from kb.store import Store

WEEK_START, WEEK_END = "2026-11-16T00:00:00+00:00", "2026-11-23T00:00:00+00:00"
WINDOW = (datetime(2026, 11, 16, tzinfo=UTC), datetime(2026, 11, 23, tzinfo=UTC))
INSIDE, BEFORE = "2026-11-18T10:00:00+00:00", "2026-10-01T09:00:00+00:00"

# key: (project, date, tags, sections {heading: [items]}, first ingested, last ingested)
DOCS = {
    "erp": ("ERP", "2026-11-20", ["Vendor", "供应商管理"],
            {"What went wrong": ["The vendor delivered the interfaces five weeks late."],
             "What went well": ["Daily stand-ups kept the team aligned."]}, INSIDE, INSIDE),
    "crm": ("CRM", "2026-11-18", ["training"],
            {"What went wrong": ["Training material was out of date."],
             "Root cause": ["Nobody owned the training plan."]}, "2026-11-16T00:00:00+00:00", INSIDE),
    "hr": ("HR", "2026-11-21", [], {"Lessons learned": ["新员工培训材料没有及时更新。"]}, "2026-11-22T23:59:59+00:00",
           "2026-11-22T23:59:59+00:00"),
    "old-erp": ("ERP", "2023-01-01", ["vendor"], {"What went wrong": ["An old vendor problem."]}, BEFORE, INSIDE),
    "older": ("WMS", "2022-05-01", ["vendor"], {"What went wrong": ["Untouched old lesson."]}, BEFORE, BEFORE),
    "at-end": ("MES", "2026-11-23", ["vendor"], {"What went wrong": ["Ingested exactly at the end."]},
               WEEK_END, WEEK_END),
}


def write_docs(folder: Path, docs: dict) -> None:
    for key, (project, date, tags, sections, _first, _last) in docs.items():
        body = "".join(f"\n## {heading}\n" + "".join(f"- {item}\n" for item in items)
                       for heading, items in sections.items())
        tag_line = f"tags: [{', '.join(tags)}]\n" if tags else ""
        (folder / f"{key}.md").write_text(f"---\nid: {key}\ntitle: {project} retrospective\nproject: {project}\n"
                                          f"date: {date}\n{tag_line}---\n# {project} retrospective\n{body}",
                                          encoding="utf-8")


def build(base: Path, docs: dict | None = None) -> Store:
    """A store holding the documents, each with the ingestion times it names."""
    docs = DOCS if docs is None else docs
    folder = base / "docs"
    folder.mkdir(parents=True, exist_ok=True)
    write_docs(folder, docs)
    store = Store(base / "kb.db")
    report = ingest(store, [folder])
    assert report.failed == 0 and report.added == len(docs), report.as_dict()
    for key, (*_, first, last) in docs.items():
        store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ? WHERE key = ?",
                           [first, last, key])
        store.conn.execute("UPDATE lessons SET created_at = ?, updated_at = ? WHERE document_id ="
                           " (SELECT id FROM documents WHERE key = ?)", [first, first, key])
    return store


def lesson_id(store: Store, text_start: str) -> int:
    return int(store.scalar("SELECT id FROM lessons WHERE text LIKE ?", [text_start + "%"]))
