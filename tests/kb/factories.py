"""Hand-made parsed files for store tests: no parser, no model, just the dataclasses the store receives."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kb.models import DocType, Language, LessonKind, ParsedDocument, ParsedLesson, ParsedSection
from kb.store import SourceInfo


def source(path: str = "/data/a.md", digest: str = "h1", root: str = "/data") -> SourceInfo:
    """A file as ingestion sees it."""
    return SourceInfo(path=path, root=root, rel_path=path.removeprefix(root).lstrip("/"), content_hash=digest,
                      size=10, parser_signature="s")


def doc(key: str = "a", lessons: Sequence[str | ParsedLesson] = ("Vendor delay cost three weeks.",
                                                                  "Test environments were late."),
        **fields: object) -> ParsedDocument:
    """A retrospective with one 'went wrong' section holding the given lessons (texts, or ParsedLessons as they are,
    with the sections given)."""
    if lessons and isinstance(lessons[0], ParsedLesson):
        return ParsedDocument(**{**doc(key, (), **fields).__dict__, "lessons": list(lessons)})
    values: dict[str, object] = {
        "key": key, "title": f"Retro {key}", "doc_type": DocType.RETROSPECTIVE, "project": "ERP",
        "date": date(2024, 6, 1), "language": Language.EN, "tags": ["vendor"], "raw_text": "text",
        "html": "<p>text</p>", "format": "markdown",
        "sections": [ParsedSection("What went wrong", 2, "\n".join(lessons), LessonKind.WENT_WRONG)],
        "lessons": [ParsedLesson(LessonKind.WENT_WRONG, t, section_index=0) for t in lessons]}
    values.update(fields)
    return ParsedDocument(**values)  # type: ignore[arg-type]
