"""Markdown documents made in tests, and the lessons extracted from them as (kind, text) pairs."""

from __future__ import annotations

from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def md(text: str, key: str = "index.md"):
    """The first document parsed from Markdown ``text`` as if read from a file named ``key`` (its name can type it)."""
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def retro(project: str, date: str, title: str, *items: str) -> str:
    """A Markdown retrospective's text: front matter (title, project, date) and the items under 经验教训."""
    listed = "\n".join(f"- {item}" for item in items)
    return f"---\ntitle: {title}\nproject: {project}\ndate: {date}\n---\n# {title}\n\n## 经验教训\n{listed}\n"


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


def texts(doc) -> list[str]:
    return [lesson.text for lesson in doc.lessons]
