"""Assembling a ParsedDocument from metadata and blocks: shared by the Markdown, HTML and text parsers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as date_type
from pathlib import PurePosixPath
from typing import Any

from ingest import metadata
from ingest.blocks import Block
from ingest.structure import build_structure
from kb.errors import IngestError
from kb.models import DocType, ParsedDocument, ParseWarning
from kb.text import detect_language, normalize_space

KNOWN_FIELDS = {"id", "title", "date", "project", "department", "type", "tags", "authors", "language"}
MAX_KEY_LENGTH = 300
# Words in a title or file name that give away a document's type when it does not declare one.
_TYPE_HINTS: list[tuple[re.Pattern[str], DocType]] = [
    (re.compile(r"post[- ]?mortem|incident review|事后分析|故障复盘|事故", re.IGNORECASE), DocType.POST_MORTEM),
    (re.compile(r"retro(spective)?|复盘|回顾", re.IGNORECASE), DocType.RETROSPECTIVE),
    (re.compile(r"status|weekly|monthly|progress report|周报|月报|状态报告|进度", re.IGNORECASE), DocType.STATUS_REPORT),
    (re.compile(r"charter|章程|立项", re.IGNORECASE), DocType.CHARTER),
    (re.compile(r"risk[- ]?(register|log)|风险登记|风险清单", re.IGNORECASE), DocType.RISK_REGISTER),
]


@dataclass
class Parts:
    """What a format parser found, before it becomes a document."""

    meta: dict[str, Any]
    blocks: list[Block]
    raw_text: str
    html: str
    format: str
    title_hint: str | None = None  # e.g. an HTML <title>


def build_document(parts: Parts, *, default_key: str, encoding: str | None, warnings: list[ParseWarning],
                   defaults: dict[str, Any] | None = None) -> ParsedDocument:
    """Turn metadata and blocks into a document; questionable metadata becomes warnings, not failures.

    ``defaults`` (folder-level metadata) fill in whatever the document itself does not say.
    """
    meta = {**(defaults or {}), **{k: v for k, v in parts.meta.items() if v not in (None, "")}}
    key = _key(meta.get("id"), default_key)
    title = (metadata.scalar(meta.get("title"), 300) or _first_heading(parts.blocks) or parts.title_hint
             or PurePosixPath(default_key).stem)
    doc_type = metadata.doc_type(meta.get("type"))
    if meta.get("type") is not None and doc_type is None:
        warnings.append(ParseWarning(f"unknown document type {str(meta['type'])[:40]!r}; "
                                     f"use one of: {', '.join(metadata.doc_type_names())}"))
    doc_type = doc_type or _guess_type(f"{title} {PurePosixPath(default_key).name}")
    date = metadata.parse_date(meta.get("date"))
    if meta.get("date") not in (None, "") and date is None:
        warnings.append(ParseWarning(f"date {str(meta['date'])[:40]!r} is not a date (use YYYY-MM-DD)"))
    date = date or _date_in(PurePosixPath(default_key).name) or _date_in(title)
    structure = build_structure(parts.blocks, title)
    body = "\n".join(s.text for s in structure.sections)
    language = metadata.language(meta.get("language")) or detect_language(f"{title}\n{body}")
    extra = {k: v for k, v in meta.items() if k not in KNOWN_FIELDS}
    tags, notes = metadata.tag_list(meta.get("tags", meta.get("keywords")))
    warnings.extend(ParseWarning(note) for note in notes)
    return ParsedDocument(
        key=key, title=title, doc_type=doc_type, project=metadata.scalar(meta.get("project"), 200),
        department=metadata.scalar(meta.get("department"), 200), date=date,
        authors=metadata.string_list(meta.get("authors", meta.get("author"))), language=language,
        tags=tags, raw_text=parts.raw_text,
        html=parts.html, format=parts.format, encoding=encoding, meta=_jsonable(extra),
        sections=structure.sections, lessons=structure.lessons)


def _key(value: Any, default: str) -> str:
    if value is None or value == "":
        return default
    if isinstance(value, (dict, list)):
        raise IngestError("front matter 'id' must be a single value, not a list or mapping")
    key = normalize_space(str(value))
    if not key:
        return default
    if len(key) > MAX_KEY_LENGTH:
        raise IngestError(f"front matter 'id' is longer than {MAX_KEY_LENGTH} characters")
    return key


def _first_heading(blocks: list[Block]) -> str | None:
    for block in blocks[:20]:
        if block.kind == "heading" and block.level <= 2:
            return block.text[:300]
    return None


_ISO_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)[-_.年/](\d{1,2})(?:[-_.月/](\d{1,2}))?")


def _date_in(text: str) -> date_type | None:
    """A date written in a file name or title ("weekly-status-2025-02-14", "2024年4月"), if any."""
    m = _ISO_DATE.search(text)
    if not m:
        return None
    try:
        return date_type(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


def _guess_type(text: str) -> DocType:
    for pattern, doc_type in _TYPE_HINTS:
        if pattern.search(text):
            return doc_type
    return DocType.OTHER


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)
