"""What gets embedded and keyword-indexed: each lesson with a little context, and each section as
overlapping windows, so long documents are searchable without truncation."""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from kb.text import drop_blobs

# A Chinese character carries about half an English word: windows are measured in "word units".
_UNITS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[^\s\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
DRIVING_EVENT_CHARS = 600
# A chunk's text is bounded in characters as well as words: the embedding model reads every token of a text, and
# its working memory grows with them (about 17.5 KB a token for USE; a token can be one character), so one
# "word" of 2,000,000 characters once took 24 GB. 200 words of the corpus take at most 1,375 characters.
CHUNK_CHARS = 4000
CONTEXT_CHARS = 300  # of the title and of the heading put before each chunk
ROW_CELLS = " | "  # how ingestion joins a table row's cells into one line (ingest/blocks.py, ingest/tables.py)


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
                    *, window: int = 200, overlap: int = 50, max_chars: int = CHUNK_CHARS) -> list[ChunkSpec]:
    """The chunks of one document: one per lesson, and windows over every section's text (a long table's at its
    rows, ``section_windows``).

    A section that holds nothing but one lesson's text (a register row's "Lesson" column) is not chunked again,
    unless the lesson is longer than ``max_chars``: its chunk then holds the lesson's beginning, and the section's
    windows hold all of it. A document with neither sections nor lessons gets chunks from its raw text. Every text
    is bounded in characters as well as words (``max_chars``, plus the title and heading), and loses data: URIs and
    base64 blobs first (``kb.text.drop_blobs``).
    """
    title = document["title"][:CONTEXT_CHARS]
    specs: list[ChunkSpec] = []
    headings = {s["id"]: (s["heading"] or "")[:CONTEXT_CHARS] for s in sections}
    whole_lessons = set()
    for lesson in lessons:
        body = drop_blobs(lesson["text"] or "")
        if len(body.strip()) <= max_chars:
            whole_lessons.add(body.strip())
        text = with_context(title, headings.get(lesson["section_id"]), _head(body, max_chars))
        event = lesson.get("driving_event")
        if event and event.strip() != lesson["text"].strip():
            text += "\n" + drop_blobs(event[:DRIVING_EVENT_CHARS])
        specs.append(ChunkSpec("lesson", text, lesson_id=lesson["id"], section_id=lesson["section_id"]))
    for section in sections:
        body = drop_blobs(section["text"] or "").strip()
        if not body or body in whole_lessons:
            continue
        for ordinal, piece in enumerate(section_windows(body, window, overlap, max_chars)):
            specs.append(ChunkSpec("section", with_context(title, headings[section["id"]], piece),
                                   section_id=section["id"], ordinal=ordinal))
    if not specs:
        raw = drop_blobs(document.get("raw_text") or "").strip()
        for ordinal, piece in enumerate(windows(raw, window, overlap, max_chars) if raw else [""]):
            text = with_context(title, None, piece)  # an empty line of context stays: the snippet skips line one
            specs.append(ChunkSpec("document", text if text.startswith("\n") else text.strip(), ordinal=ordinal))
    return specs


def with_context(title: str, heading: str | None, text: str) -> str:
    """A chunk's text after a line of context: the document's title and the section's heading (not the heading
    when it is the title). The title is left out when the text already begins with it (a question titled by the
    question itself): said twice, it weighed twice in the model's average of the chunk and in BM25, and a search
    for another wording of the question ranked below plain dense search over the document (BENCHMARKS.md, "The
    semantic leg against dense search (s-one)"). The line stays, empty if need be: snippets skip a chunk's first line
    (search/assembly.py)."""
    said = bool(title) and text.lstrip().startswith(title)
    context = [] if said else [title]
    if heading and heading != title:
        context.append(heading)
    return f"{' · '.join(context)}\n{text}"


def _head(text: str, max_chars: int) -> str:
    """The text, or its first ``max_chars`` characters cut at a space where there is one in the second half."""
    if len(text) <= max_chars:
        return text
    cut = text[:max_chars]
    space = cut.rfind(" ")
    return cut[:space] if space > max_chars // 2 else cut


def section_windows(text: str, size: int, overlap: int, max_chars: int = CHUNK_CHARS) -> list[str]:
    """A section's windows: ``windows`` of its text, unless it holds a table and needs more than one window. Then
    the windows are of whole lines, a table's rows never split, and a window that starts inside a table repeats the
    table's header row: 200 words cut anywhere put four or five of a risk register's rows, cut at both ends, in one
    chunk and one vector (BENCHMARKS.md, "Tables by row (s-rows)")."""
    whole = windows(text, size, overlap, max_chars)
    lines = _table_lines(text)
    if len(whole) == 1 or all(header is None for _, header in lines):
        return whole
    pieces = [(piece, header) for line, header in lines if line.strip()
              for piece in _line_pieces(line, header, size, overlap, max_chars)]
    return line_windows(pieces, size, overlap, max_chars)


def _line_pieces(line: str, header: str | None, size: int, overlap: int, max_chars: int) -> list[str]:
    """The line, or windows of it when it is longer than a window leaves room for (its table's header row too,
    unless that is more than half a window)."""
    if header is not None and _weight(header) <= size / 2 and len(header) <= max_chars / 2:
        size, max_chars = int(size - _weight(header)), max_chars - len(header) - 1
    return [line] if _weight(line) <= size and len(line) <= max_chars else windows(line, size, overlap, max_chars)


def _table_lines(text: str) -> list[tuple[str, str | None]]:
    """Each line of the text, with the header row of the table it is a row of (None for any other line). A table
    is two or more lines of cells in a row, the first its header."""
    lines = text.split("\n")
    out: list[tuple[str, str | None]] = []
    header, previous = None, False
    for i, line in enumerate(lines):
        row = ROW_CELLS in line
        if row and not previous:
            header = line if i + 1 < len(lines) and ROW_CELLS in lines[i + 1] else None
            out.append((line, None))
        else:
            out.append((line, header if row else None))
        previous = row
    return out


def line_windows(lines: list[tuple[str, str | None]], size: int, overlap: int,
                 max_chars: int = CHUNK_CHARS) -> list[str]:
    """Windows of whole lines, each (line, its table's header row or None) no longer than a window: at most ``size``
    word units and ``max_chars`` characters a window, the header included where it fits, overlapping by the last
    lines that make up at most ``overlap`` units."""
    weights = [_weight(line) for line, _ in lines]
    out: list[str] = []
    start = 0
    while True:
        header, end = lines[start][1], start + 1
        words, chars = weights[start], len(lines[start][0])
        if header is not None and words + _weight(header) <= size and chars + len(header) < max_chars:
            words, chars = words + _weight(header), chars + len(header) + 1
        else:
            header = None
        while end < len(lines) and words + weights[end] <= size and chars + len(lines[end][0]) < max_chars:
            words, chars, end = words + weights[end], chars + len(lines[end][0]) + 1, end + 1
        out.append("\n".join(([header] if header else []) + [line for line, _ in lines[start:end]]))
        if end == len(lines):
            return out
        start = _overlap_start(weights, start, end, overlap)


def _overlap_start(weights: list[float], start: int, end: int, overlap: int) -> int:
    """Where the window after lines ``start:end`` begins: at the last lines of at most ``overlap`` units, after
    ``start`` all the same."""
    back, carried = end, 0.0
    while back - 1 > start and carried + weights[back - 1] <= overlap:
        back, carried = back - 1, carried + weights[back - 1]
    return back


def _weight(text: str) -> float:
    """Word units, as ``windows`` counts them."""
    return sum(0.5 if end - start == 1 and _CJK.match(text, start) else 1.0
               for start, end in (m.span() for m in _UNITS.finditer(text)))


def windows(text: str, size: int, overlap: int, max_chars: int = CHUNK_CHARS) -> list[str]:
    """Split text into windows of about ``size`` word units overlapping by ``overlap`` units.

    A window also ends before it passes ``max_chars`` characters, and overlaps the next by at most the same share
    of them (so a text without spaces, where one "word" can be megabytes, is cut into bounded pieces too). The
    units are read as the windows advance: only one window's worth is held, whatever the length of the text.
    """
    units = _units(text, max_chars)
    overlap_chars = max_chars * overlap / size if size else 0.0
    queue: deque[tuple[int, int, float]] = deque()  # the units from the current window's start on
    out: list[str] = []
    exhausted = False
    while True:
        weight, end = 0.0, 0
        while True:
            if end == len(queue):
                unit = next(units, None)
                if unit is None:
                    exhausted = True
                    break
                queue.append(unit)
            if weight + queue[end][2] > size or queue[end][1] - queue[0][0] > max_chars:
                break
            weight += queue[end][2]
            end += 1
        if not queue or (not out and exhausted and end == len(queue) and len(text) <= max_chars):
            return [text]
        end = max(end, 1)
        out.append(text[queue[0][0]:queue[end - 1][1]])
        if exhausted and end >= len(queue):
            return out
        back, step = 0.0, end
        while step > 1 and back + queue[step - 1][2] <= overlap and queue[end - 1][1] - queue[step - 1][0] <= overlap_chars:
            back += queue[step - 1][2]
            step -= 1
        for _ in range(step):
            queue.popleft()


def _units(text: str, max_chars: int) -> Iterator[tuple[int, int, float]]:
    """(start, end, weight) of each word unit; a run longer than ``max_chars`` comes in pieces of that length."""
    for match in _UNITS.finditer(text):
        start, end = match.span()
        if end - start == 1 and _CJK.match(text, start):
            yield start, end, 0.5
        elif end - start <= max_chars:
            yield start, end, 1.0
        else:
            for piece in range(start, end, max_chars):
                yield piece, min(piece + max_chars, end), 1.0
