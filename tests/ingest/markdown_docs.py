"""Markdown documents made in tests, and the lessons extracted from them as (kind, text) pairs."""

from __future__ import annotations

from ingest.markdown_doc import parse_markdown
from ingest.source import RawFile


def md(text: str, key: str = "index.md"):
    """The first document parsed from Markdown ``text`` as if read from a file named ``key`` (its name can type it)."""
    return parse_markdown(RawFile(data=text.encode("utf-8"), default_key=key)).documents[0]


def lessons(doc) -> list[tuple[str, str]]:
    return [(lesson.kind.value, lesson.text) for lesson in doc.lessons]


def texts(doc) -> list[str]:
    return [lesson.text for lesson in doc.lessons]
