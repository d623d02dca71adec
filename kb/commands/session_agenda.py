"""The agenda of a share session as ``kb session show`` draws it on a terminal (and writes it with ``-o``): its
details, then each item's time, length, kind, presenter, lesson, document, note and minutes, as its page shows them."""

from __future__ import annotations

from typing import Any

import click

from kb.commands.messages import counted
from kb.models import LESSON_KIND_LABELS, LessonKind


def when_shown(scheduled_at: str | None) -> str:
    """A stored date and time as a person reads it: "2026-12-15 14:30"."""
    return (scheduled_at or "").replace("T", " ")


def agenda_lines(found: dict[str, Any]) -> list[str]:
    """The session as its page shows it, for a terminal."""
    lines = [click.style(found["title"], bold=True) + f"  [{found['status']}]"]
    for name, value in (("id", found["id"]), ("theme", found["theme"]), ("when", when_shown(found["scheduled_at"])),
                        ("location", found["location"]), ("presenters", ", ".join(found["presenters"])),
                        ("audience", found["audience"])):
        if value:
            lines.append(f"  {name:<11}{value}")
    if found["description"]:
        lines += [""] + [f"  {line}" for line in found["description"].splitlines()]
    lines.append(f"\nAgenda: {agenda_length(found)}")
    for n, item in enumerate(found["items"], start=1):
        lines += _item_lines(n, item)
    if not found["items"]:
        lines.append(f"  no lessons yet: kb session add {found['id']} LESSON_ID...")
    return lines


def agenda_length(found: dict[str, Any]) -> str:
    """"3 items, 60 min in all, 14:30-15:30; 1 without a length"."""
    parts = [counted("agenda_items", len(found["items"]))]
    if found["total_minutes"]:
        parts.append(f"{found['total_minutes']} min in all")
    if found["ends_at"] and found["scheduled_at"] and "T" in found["scheduled_at"]:
        parts.append(f"{found['scheduled_at'][11:16]}–{found['ends_at']}")
    untimed = f"; {found['untimed_items']} without a length" if found["untimed_items"] else ""
    return ", ".join(parts) + untimed


def _source(item: dict[str, Any]) -> str:
    """"项目 · 标题 (key) · lesson 185", leaving out what is missing with its separator: most documents are filed
    under no project, and a removed lesson's document may be gone."""
    document = " ".join(filter(None, [item["document_title"], f"({item['document_key']})" if item["document_key"] else ""]))
    return " · ".join(filter(None, [item["project"], document, f"lesson {item['lesson_id']}"]))


def _item_lines(n: int, item: dict[str, Any]) -> list[str]:
    head = f"  {n}."
    if item["slot_start"]:
        head += f" {item['slot_start']}" + (f"–{item['slot_end']}" if item["slot_end"] else "")
    if item["duration_minutes"]:
        head += f" ({item['duration_minutes']} min)"
    if item["lesson_kind"] in {k.value for k in LessonKind}:
        head += f"  {LESSON_KIND_LABELS[LessonKind(item['lesson_kind'])][0]}"
    if item["presenter"]:
        head += f"  · presenter: {item['presenter']}"
    marks = " (hidden by a curator)" if item["hidden"] else "" if item["lesson_exists"] else " (lesson removed since)"
    lines = [click.style(head, bold=True) + f"  [item {item['id']}]", f"     {item['lesson_text'] or ''}{marks}",
             "     " + _source(item)]
    for name in ("note", "minutes"):
        if item[name]:
            lines.append(f"     {name}: " + "\n       ".join(item[name].splitlines()))
    return lines
