"""What gets embedded and keyword-indexed: each lesson with a little context, and each section as
overlapping windows, so long documents are searchable without truncation."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

# A Chinese character carries about half an English word: windows are measured in "word units".
_UNITS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
DRIVING_EVENT_CHARS = 600


@dataclass(frozen=True)
class ChunkSpec:
    """One unit of the index, before it has a row id."""

    kind: str  # "lesson", "section" or "document"
    text: str
    lesson_id: int | None = None
    section_id: int | None = None
    ordinal: int = 0

    @property
    def text_hash(self) -> str:
        """What the embedding cache is keyed by (with the model name)."""
        return hashlib.sha1(self.text.encode("utf-8")).hexdigest()


def document_chunks(document: dict[str, Any], sections: list[dict[str, Any]], lessons: list[dict[str, Any]],
                    *, window: int = 200, overlap: int = 50) -> list[ChunkSpec]:
    """The chunks of one document: one per lesson, and windows over every section's text.

    A section that holds nothing but one lesson's text (a register row's "Lesson" column) is not
    chunked again. A document with neither sections nor lessons gets one chunk from its raw text.
    """
    title = document["title"]
    specs: list[ChunkSpec] = []
    headings = {s["id"]: s["heading"] for s in sections}
    lesson_texts = {(l["text"] or "").strip() for l in lessons}
    for lesson in lessons:
        heading = headings.get(lesson["section_id"])
        context = f"{title} · {heading}" if heading and heading != title else title
        text = f"{context}\n{lesson['text']}"
        event = lesson.get("driving_event")
        if event and event.strip() != lesson["text"].strip():
            text += "\n" + event[:DRIVING_EVENT_CHARS]
        specs.append(ChunkSpec("lesson", text, lesson_id=lesson["id"], section_id=lesson["section_id"]))
    for section in sections:
        body = (section["text"] or "").strip()
        if not body or body in lesson_texts:
            continue
        heading = section["heading"]
        context = f"{title} · {heading}" if heading and heading != title else title
        for ordinal, piece in enumerate(windows(body, window, overlap)):
            specs.append(ChunkSpec("section", f"{context}\n{piece}", section_id=section["id"], ordinal=ordinal))
    if not specs:
        raw = (document.get("raw_text") or "").strip()
        for ordinal, piece in enumerate(windows(raw, window, overlap) if raw else [""]):
            specs.append(ChunkSpec("document", f"{title}\n{piece}".strip(), ordinal=ordinal))
    return specs


def windows(text: str, size: int, overlap: int) -> list[str]:
    """Split text into windows of about ``size`` word units overlapping by ``overlap`` units."""
    spans = [(m.start(), m.end(), 0.5 if _CJK.match(m.group(0)) else 1.0) for m in _UNITS.finditer(text)]
    total = sum(w for _, _, w in spans)
    if total <= size:
        return [text]
    out: list[str] = []
    start = 0
    while start < len(spans):
        weight, end = 0.0, start
        while end < len(spans) and weight + spans[end][2] <= size:
            weight += spans[end][2]
            end += 1
        end = max(end, start + 1)
        out.append(text[spans[start][0]:spans[end - 1][1]])
        if end >= len(spans):
            break
        back, step = 0.0, end
        while step > start + 1 and back + spans[step - 1][2] <= overlap:
            back += spans[step - 1][2]
            step -= 1
        start = step
    return out
