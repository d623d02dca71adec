"""PDF files (.pdf): the text layer, read with pypdfium2 (PDFium, the engine of Chrome's PDF viewer).

Lines come in the order PDFium reads them (a page whose content stream writes its columns one after the other
is read so). A line that PDFium reads across a wide gap is split into pieces: a run of such lines at the same
left edges is a table (its first line reads like a header, or it has three columns or more; a cell's wrapped line
joins the cell above), read as in Word (``ingest.tables``: a register-like header makes lessons of its rows); a
run of two-piece lines that is not a table is two columns set across the page, read left column first. Then:
- running headers and footers (the same line, numbers aside, near the top or bottom of most pages) and page
  numbers ("3", "- 3 -", "Page 3 of 9", "第 3 页 共 9 页") are removed;
- a line set larger than the body text is a heading (the larger, the higher), as is a short line that is bold
  throughout or numbered as a heading (第一章, 一、, （一）, 1.1);
- a line starting with a bullet or a list number is a list item, its level from its indentation;
- wrapped lines are joined into paragraphs: a word hyphenated at a line end is joined without its hyphen, and
  Chinese text is joined without a space.
A PDF without a text layer (a scan) is reported as "scanned: no text", or, where the ``ocr`` extra and tesseract
are installed, read by OCR and marked so (``ingest.ocr``).

Why pypdfium2 rather than pdfplumber (``benchmarks/office_readers.py``): on the four corpus PDFs (made by fpdf2
with an embedded Noto CJK font, Chinese and English) pdfplumber 0.11.10 (pdfminer.six) read no characters at all;
PDFium read every one, in a fifth of the time. PDFium also gives each character's size, weight and position.
"""

from __future__ import annotations

import ctypes
import itertools
import re
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ingest.blocks import Block
from ingest.document import Parts, build_document
from ingest.docx_doc import numbered_heading_level
from ingest.source import RawFile
from ingest.tables import blocks_html, table_blocks
from ingest.text_doc import header_metadata
from kb.errors import IngestError
from kb.models import ParseResult, ParseWarning
from kb.text import normalize_space

MAX_PAGES = 2_000
MARGIN = 0.09  # the top and bottom share of a page where running headers and footers live
HEADING_RATIO = 1.15  # a line this much larger than the body text is a heading
MAX_HEADING_CHARS = 60
CELL_GAP = 2.0  # a gap this many characters wide inside a line separates table cells or columns
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(page\s*)?\d+(\s*(/|of|de)\s*\d+)?[-–—\s]*$|^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$"
                          r"|^[-–—\s]*[ivxlc]+[-–—\s]*$", re.IGNORECASE)
# A list mark; "1." and "a)" only before a space, so that a wrapped line starting "2.5 million" or "e.g." is text.
_BULLET = re.compile(r"^([•·▪●○◦■□►▶✓✔\-–*]|\d{1,3}[.)](?=\s)|\d{1,3}、|[（(]\d{1,3}[)）]|[①-⑳]|[a-z][.)](?=\s))\s*",
                     re.IGNORECASE)
_BULLET_ONLY = re.compile(r"^[•·▪●○◦■□►▶✓✔\-–*]$")
_SENTENCE_END = re.compile(r"[.。!！?？;；:：]$")
_NUMBERS = re.compile(r"\d+")


@dataclass
class Line:
    """One line of a page's text layer."""

    text: str
    size: float
    bold: bool
    left: float
    right: float
    baseline: float
    page: int
    chars: int = 0
    page_height: float = 0.0
    # Pieces of the line set apart by a wide gap (a table's cells, two columns), with their left and right edges.
    cells: list[tuple[str, float, float]] = field(default_factory=list)
    column_right: float = 0.0  # the right edge of the column the line was read from, when the page has two
    table: list[list[str]] = field(default_factory=list)  # a whole table read from several lines: its rows


@dataclass
class _Flow:
    """The blocks being built, and the paragraph or item lines are being joined into."""

    blocks: list[Block] = field(default_factory=list)
    open: Block | None = None
    last: Line | None = None
    right: float = 0.0  # the right edge of the text column


def parse_pdf(raw: RawFile) -> ParseResult:
    """Parse a PDF's text layer into blocks, then a document (see the module docstring)."""
    pages, info = read_lines(raw.data)
    if not any(line.text.strip() for page in pages for line in page):
        return _scanned(raw, info, len(pages))
    lines = [line for page in _by_page(drop_running_lines(pages)) for line in page_layout(page)]
    blocks = lines_to_blocks(lines)
    # What the first lines say ("日期：2024-06-28") is the document's own word; file properties fill the rest.
    meta = {**_info_metadata(info), **header_metadata("\n".join(line.text for line in lines[:20]))}
    parts = Parts(meta=meta, blocks=blocks, raw_text="\n".join(b.text for b in blocks), html=blocks_html(blocks),
                  format="pdf")
    return ParseResult([build_document(parts, default_key=raw.default_key, defaults=raw.defaults, encoding=None,
                                       warnings=[])], [])


def _scanned(raw: RawFile, info: dict[str, str], pages: int) -> ParseResult:
    """A PDF without a text layer: read by OCR where the ``ocr`` extra and tesseract are installed, else refused."""
    import pypdfium2 as pdfium

    from ingest.ocr import MAX_PAGES, engine_name, ocr_engine, ocr_pages
    from ingest.text_doc import text_blocks

    engine = ocr_engine()
    if engine is None:
        raise IngestError(f"scanned: no text ({pages} page(s) without a text layer); to read scans, install OCR: "
                          "pip install 'lessons-kb[ocr]' and apt-get install tesseract-ocr tesseract-ocr-chi-sim")
    document = pdfium.PdfDocument(raw.data)
    try:
        text = ocr_pages(document, engine)
    finally:
        document.close()
    if not text.strip():
        raise IngestError(f"scanned: no text ({pages} page(s) without a text layer, and OCR found none)")
    name = engine_name(engine)
    warnings = [ParseWarning(f"scanned: no text layer; the text was read by OCR ({name}): check it")]
    if pages > MAX_PAGES:
        warnings.append(ParseWarning(f"OCR read the first {MAX_PAGES} of {pages} pages"))
    blocks = text_blocks(text)
    meta = {**_info_metadata(info), **header_metadata(text), "ocr": name}
    parts = Parts(meta=meta, blocks=blocks, raw_text=text, html=blocks_html(blocks), format="pdf")
    return ParseResult([build_document(parts, default_key=raw.default_key, defaults=raw.defaults, encoding=None,
                                       warnings=warnings)], warnings)


def read_lines(data: bytes) -> tuple[list[list[Line]], dict[str, str]]:
    """Every page's lines, and the document information dictionary."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise IngestError("the PDF is password-protected: save a copy without a password") from None
        raise IngestError(f"not a readable PDF ({str(exc)[:80]})") from None
    try:
        if len(document) > MAX_PAGES:
            raise IngestError(f"the PDF has {len(document):,} pages, more than {MAX_PAGES:,}")
        pages = [_page_lines(document, number) for number in range(len(document))]
        return pages, document.get_metadata_dict(skip_empty=True)
    finally:
        document.close()


def _page_lines(document: Any, number: int) -> list[Line]:
    import pypdfium2.raw as pdfium_c

    page = document[number]
    textpage = page.get_textpage()
    height = page.get_height()
    try:
        lines: list[Line] = []
        current: list[tuple[str, float, bool, float, float, float]] = []
        name = ctypes.create_string_buffer(128)
        flags = ctypes.c_int()
        x, y = ctypes.c_double(), ctypes.c_double()
        for index in range(textpage.count_chars()):
            code = pdfium_c.FPDFText_GetUnicode(textpage, index)
            char = chr(code) if 0 < code < 0x110000 else ""
            if char in ("\n", "\r") or (char == "" and current):
                if char == "\n" or char == "":
                    _close_line(current, lines, number, height)
                    current = []
                continue
            if char == "\x02":  # PDFium's mark for a hyphen at a line end (it runs the lines together): end the line
                if current:
                    current.append(("-", *current[-1][1:]))
                _close_line(current, lines, number, height)
                current = []
                continue
            size = pdfium_c.FPDFText_GetFontSize(textpage, index)
            weight = pdfium_c.FPDFText_GetFontWeight(textpage, index)
            pdfium_c.FPDFText_GetFontInfo(textpage, index, name, 128, ctypes.byref(flags))
            bold = weight >= 600 or b"bold" in name.value.lower() or b"black" in name.value.lower()
            left, _bottom, right, _top = textpage.get_charbox(index)
            pdfium_c.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
            current.append((char, size, bold, left, right, y.value))
        _close_line(current, lines, number, height)
        return lines
    finally:
        textpage.close()
        page.close()


def dedupe_glyphs(text: str) -> str:
    """Drop a CJK compatibility ideograph or Kangxi radical written beside the ideograph it stands for: some PDF
    makers map one glyph to both ("了\uf9ba", "\u2f00一"), so every such character came out twice."""
    out: list[str] = []
    for char in text:
        if out and _same_glyph(out[-1], char):
            out[-1] = unicodedata.normalize("NFKC", char)
            continue
        out.append(char)
    return "".join(out)


def _same_glyph(a: str, b: str) -> bool:
    compat = [c for c in (a, b) if "\uf900" <= c <= "\ufaff" or "\u2e80" <= c <= "\u2fdf"]
    return bool(compat) and a != b and unicodedata.normalize("NFKC", a) == unicodedata.normalize("NFKC", b)


def _close_line(chars: list[tuple[str, float, bool, float, float, float]], lines: list[Line], page: int,
                height: float) -> None:
    text = dedupe_glyphs("".join(c[0] for c in chars))
    inked = [c for c in chars if c[0].strip()]
    if not inked:
        return
    size = statistics.median(c[1] for c in inked)
    bold = sum(c[2] for c in inked) >= 0.8 * len(inked)
    lines.append(Line(text=normalize_space(text), size=round(size, 1), bold=bold, left=min(c[3] for c in inked),
                      right=max(c[4] for c in inked), baseline=inked[0][5], page=page, chars=len(inked),
                      page_height=height, cells=_cells(chars, size)))


def _cells(chars: list[tuple[str, float, bool, float, float, float]], size: float) -> list[tuple[str, float, float]]:
    """The pieces of a line set apart by gaps wider than CELL_GAP characters: (text, left, right); [] for one."""
    pieces: list[list[tuple[str, float, bool, float, float, float]]] = [[]]
    last_right: float | None = None
    for char in chars:
        if char[0].strip():
            if last_right is not None and char[3] - last_right > CELL_GAP * size:
                pieces.append([])
            last_right = char[4]
        pieces[-1].append(char)
    if len(pieces) < 2:
        return []
    out = []
    for piece in pieces:
        inked = [c for c in piece if c[0].strip()]
        if inked:
            out.append((normalize_space(dedupe_glyphs("".join(c[0] for c in piece))), min(c[3] for c in inked),
                        max(c[4] for c in inked)))
    return out if len(out) > 1 else []


def _by_page(lines: list[Line]) -> list[list[Line]]:
    return [list(group) for _, group in itertools.groupby(lines, key=lambda line: line.page)]


def page_layout(lines: list[Line]) -> list[Line]:
    """A page's lines with its tables and two-column stretches resolved.

    A run of lines split into cells at the same left edges is a table when its first line reads like a header
    (short cells) or it has three columns or more: one pseudo-line carrying its rows, a cell's wrapped second line
    joined to the cell above it. A run of two-piece lines that is not a table is two columns set line by line
    across the page: the left column is read first, then the right.
    """
    out: list[Line] = []
    i = 0
    while i < len(lines):
        run = _cell_run(lines, i)
        if len(run) < 2:
            out.append(lines[i])
            i += 1
            continue
        first = lines[i].cells
        if len(first) >= 3 or all(len(text) <= 12 for text, _, _ in first):
            out.append(_table(lines, run))
        else:
            out.extend(_columns(lines, run))
        i = run[-1] + 1
    return out


def _cell_run(lines: list[Line], start: int) -> list[int]:
    """Indexes of the lines from ``start`` that share its cells' left edges (a wrapped cell's line included)."""
    if not lines[start].cells:
        return []
    columns = [left for _, left, _ in lines[start].cells]
    tolerance = lines[start].size * 1.5
    run = [start]
    for j in range(start + 1, len(lines)):
        pieces = lines[j].cells or [(lines[j].text, lines[j].left, lines[j].right)]
        aligned = all(any(abs(left - c) <= tolerance for c in columns) for _, left, _ in pieces)
        # A line of one piece continues the run only as a wrapped cell, not at the first column's edge.
        if not aligned or (not lines[j].cells and abs(pieces[0][1] - columns[0]) <= tolerance):
            break
        run.append(j)
    return run


def _table(lines: list[Line], run: list[int]) -> Line:
    columns = [left for _, left, _ in lines[run[0]].cells]
    rows: list[list[str]] = []
    for j in run:
        pieces = lines[j].cells or [(lines[j].text, lines[j].left, lines[j].right)]
        cells = [""] * len(columns)
        for text, left, _ in pieces:
            column = min(range(len(columns)), key=lambda c: abs(columns[c] - left))
            cells[column] = _join(cells[column], text) if cells[column] else text
        if rows and not cells[0]:  # a cell wrapped onto the next line: part of the row above
            rows[-1] = [_join(a, b) if a and b else a or b for a, b in zip(rows[-1], cells)]
        else:
            rows.append(cells)
    first = lines[run[0]]
    text = " | ".join(" ".join(row) for row in rows)
    return Line(text=text, size=first.size, bold=False, left=first.left, right=first.right, baseline=first.baseline,
                page=first.page, chars=len(text), page_height=first.page_height, table=rows)


def _columns(lines: list[Line], run: list[int]) -> list[Line]:
    out: list[Line] = []
    for column in range(2):
        right = max(lines[j].cells[column][2] for j in run if len(lines[j].cells) > column)
        for j in run:
            line = lines[j]
            if len(line.cells) <= column:
                continue
            text, left, piece_right = line.cells[column]
            out.append(Line(text=text, size=line.size, bold=line.bold, left=left, right=piece_right,
                            baseline=line.baseline, page=line.page, chars=len(text), page_height=line.page_height,
                            column_right=right))
    return out


def drop_running_lines(pages: list[list[Line]]) -> list[Line]:
    """All pages' lines without running headers, footers and page numbers.

    A running line is near the top or bottom of its page and the same (numbers aside) at the same height on at
    least half the pages (two at least), or on a one-page document smaller than the body text; a page number is a
    number alone ("- 3 -", "Page 3 of 9", "第 3 页") there.
    """
    def in_margin(line: Line) -> bool:
        return line.baseline > line.page_height * (1 - MARGIN) or line.baseline < line.page_height * MARGIN

    def key(line: Line) -> tuple[str, int]:
        return _NUMBERS.sub("#", line.text), round(line.baseline / 6)

    repeated = Counter(k for page in pages for k in {key(x) for x in page if in_margin(x)})
    needed = max(2, (len(pages) + 1) // 2)
    # A one-page document cannot repeat its header: there, a margin line set smaller than the body text is one.
    body = _body_size([line for page in pages for line in page]) if len(pages) == 1 else 0.0
    return [line for page in pages for line in page
            if not (in_margin(line) and (_PAGE_NUMBER.match(line.text) or repeated[key(line)] >= needed
                                         or line.size < body - 1))]


def lines_to_blocks(lines: list[Line]) -> list[Block]:
    """Headings, list items and paragraphs from lines (see the module docstring)."""
    if not lines:
        return []
    body = _body_size(lines)
    margin = _body_left(lines, body)
    pitch = _typical_pitch(lines, body)
    heading_sizes = sorted({ln.size for ln in lines if ln.size >= body * HEADING_RATIO}, reverse=True)[:5]
    flow = _Flow()
    flow.right = _body_right(lines, body)
    for line in lines:
        _add_line(flow, line, body, margin, pitch, heading_sizes)
    return flow.blocks


def _add_line(flow: _Flow, line: Line, body: float, margin: float, pitch: float,
              heading_sizes: list[float]) -> None:
    if line.table:
        flow.blocks.extend(table_blocks(line.table))
        flow.open, flow.last = None, None
        return
    last = flow.last
    level = _heading_level(line, body, heading_sizes)
    text = line.text
    if level is not None:
        previous = flow.blocks[-1] if flow.blocks else None
        if (previous is not None and previous.kind == "heading" and last is not None and last.size == line.size
                and flow.open is previous and _close_below(last, line, pitch * 1.6)):
            previous.text = _join(previous.text, text)  # a heading wrapped onto a second line
        else:
            flow.blocks.append(Block("heading", text, level=level))
            flow.open = flow.blocks[-1]
    elif flow.open is not None and flow.open.text and _BULLET_ONLY.match(flow.open.text) \
            and flow.open.kind == "item":
        flow.open.text = text  # a bullet PDFium set on a line of its own: the next line is its text
    elif (m := _BULLET.match(text)) and (len(text) > len(m.group(0)) or _BULLET_ONLY.match(text)):
        depth = 1 + max(0, round((line.left - margin) / (body * 1.8)))
        item_text = text[len(m.group(0)):] or m.group(1)
        flow.blocks.append(Block("item", item_text, level=min(depth, 6)))
        flow.open = flow.blocks[-1]
    elif (flow.open is not None and flow.open.kind in ("para", "item") and last is not None
          and _continues(last, line, pitch, body, flow.right)):
        flow.open.text = _join(flow.open.text, text)
    else:
        flow.blocks.append(Block("para", text))
        flow.open = flow.blocks[-1]
    flow.last = line


def _heading_level(line: Line, body: float, heading_sizes: list[float]) -> int | None:
    text = line.text
    if len(text) > MAX_HEADING_CHARS * 2 or _BULLET_ONLY.match(text):
        return None
    if line.size in heading_sizes:
        return heading_sizes.index(line.size) + 1
    short = len(text) <= MAX_HEADING_CHARS and not re.search(r"[.。!！?？;；,，]$", text)
    if short and line.bold and abs(line.size - body) < 0.6 and not _BULLET.match(text):
        return len(heading_sizes) + 1
    # Bold and a little larger than the text (12 pt over 11): a heading, numbered ("3. …") or asking ("…？").
    if line.bold and body + 0.6 <= line.size and len(text) <= MAX_HEADING_CHARS and not re.search(r"[.。;；,，]$", text):
        return len(heading_sizes) + 1
    numbered = numbered_heading_level(text)
    if numbered is not None:
        return min(numbered + max(len(heading_sizes) - 1, 0), 6)
    return None


def _continues(last: Line, line: Line, pitch: float, body: float, right: float = 0.0) -> bool:
    """Whether a line goes on with the paragraph the last line is in."""
    right = last.column_right or right
    if right and _CJK_END.search(last.text) and last.right < right - 3 * body and not line.text[:1].isascii():
        return False  # Chinese fills its lines: one that stops well short of the margin ends its paragraph
    if abs(line.size - last.size) > 0.6:
        return False
    if line.page != last.page:
        return not _SENTENCE_END.search(last.text)
    if not _close_below(last, line, pitch * 1.35):
        return False
    # A line that ends a sentence well short of the right margin ends its paragraph.
    return not (_SENTENCE_END.search(last.text) and last.right < line.right - 3 * body)


_CJK_END = re.compile(r"[\u4e00-\u9fff。！？」』”）]$")


def _body_right(lines: list[Line], body: float) -> float:
    """The right edge of the text column: where most body lines end (a high percentile of their right edges)."""
    rights = sorted(ln.right for ln in lines if abs(ln.size - body) < 0.6)
    return rights[int(len(rights) * 0.9)] if len(rights) >= 3 else 0.0


def _close_below(last: Line, line: Line, limit: float) -> bool:
    gap = last.baseline - line.baseline
    return 0 < gap <= limit


def _join(text: str, more: str) -> str:
    if re.search(r"[A-Za-z]-$", text) and more[:1].islower():
        return text[:-1] + more  # hyphenation
    if _cjk(text[-1:]) or _cjk(more[:1]):
        return text + more
    return f"{text} {more}"


def _cjk(char: str) -> bool:
    return bool(char) and ("\u2e80" <= char <= "\u9fff" or "\u3000" <= char <= "\u303f" or "\uff00" <= char <= "\uffef")


def _body_size(lines: list[Line]) -> float:
    sizes: Counter[float] = Counter()
    for line in lines:
        sizes[line.size] += line.chars
    return sizes.most_common(1)[0][0]


def _body_left(lines: list[Line], body: float) -> float:
    lefts = Counter(round(ln.left) for ln in lines if abs(ln.size - body) < 0.6)
    return float(min(lefts.most_common(3))[0]) if lefts else 0.0


def _typical_pitch(lines: list[Line], body: float) -> float:
    gaps = [a.baseline - b.baseline for a, b in itertools.pairwise(lines)
            if a.page == b.page and abs(a.size - body) < 0.6 and abs(b.size - body) < 0.6 and a.baseline > b.baseline]
    return statistics.median(gaps) if gaps else body * 1.5


_UNTITLED = re.compile(r"^(untitled( document)?|未命名|无标题|未命名文档|无标题文档|新建.*文档)\s*\d*$", re.IGNORECASE)


def _info_metadata(info: dict[str, str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    title = normalize_space(re.sub(r"^Microsoft (Word|PowerPoint) - ", "", info.get("Title", "")))
    if title and not re.search(r"\.(docx?|pptx?)$", title, re.IGNORECASE) and not _UNTITLED.match(title):
        meta["title"] = title
    if normalize_space(info.get("Author", "")):
        meta["authors"] = info["Author"]
    if normalize_space(info.get("Keywords", "")):
        meta["tags"] = info["Keywords"]
    m = re.match(r"^D:(\d{4})(\d{2})(\d{2})", info.get("CreationDate", ""))
    if m:
        try:
            meta["date"] = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            pass
    return meta
