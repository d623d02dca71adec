"""PDF files (.pdf): the text layer, read with pypdfium2 (PDFium, the engine of Chrome's PDF viewer).

Lines come in the order PDFium reads them (a page whose content stream writes its columns one after the other
is read so), except that a line the text layer gives after lines of its own column standing below it (headings
written after the body, a code box drawn after the text around it) is read where it stands (``ingest.pdf_order``).
A line that PDFium reads across a wide gap is split into pieces: a run of such lines at the same left edges is a
table (its first line reads like a header, or it has three columns or more; a cell's wrapped line
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

import itertools
import re
from datetime import date
from typing import Any

from ingest.document import Parts, build_document
from ingest.pdf_blocks import lines_to_blocks
from ingest.pdf_layout import page_layout
from ingest.pdf_lines import Line, read_lines
from ingest.pdf_margins import drop_running_lines
from ingest.pdf_order import reading_order
from ingest.source import RawFile
from ingest.tables import blocks_html
from ingest.text_doc import header_metadata, starts_field
from kb.errors import IngestError
from kb.models import ParseResult, ParseWarning
from kb.text import normalize_space
from kb.wording import say

_OCR_HINT = ("to read scans, install OCR: pip install 'lessons-kb[ocr]' and apt-get install tesseract-ocr "
             "tesseract-ocr-chi-sim")
# Why a scan is refused, in the singular for one page (kb.wording.say): key -> (English, Chinese). web/error_text.py's
# err_file_scanned entries are these, so a Chinese page shows their Chinese.
MESSAGES: dict[str, tuple[str, str]] = {
    "no_ocr": (f"scanned: no text ({{n}} pages without a text layer); {_OCR_HINT}",
               "扫描件：{n} 页没有文字层，本服务器没有安装文字识别（OCR）；请上传带文字的 PDF，或请管理员安装 OCR"),
    "no_ocr_one": (f"scanned: no text (1 page without a text layer); {_OCR_HINT}",
                   "扫描件：1 页没有文字层，本服务器没有安装文字识别（OCR）；请上传带文字的 PDF，或请管理员安装 OCR"),
    "ocr_empty": ("scanned: no text ({n} pages without a text layer, and OCR found none)",
                  "扫描件：{n} 页没有文字层，文字识别（OCR）也没有识别出文字"),
    "ocr_empty_one": ("scanned: no text (1 page without a text layer, and OCR found none)",
                      "扫描件：1 页没有文字层，文字识别（OCR）也没有识别出文字"),
}


def parse_pdf(raw: RawFile) -> ParseResult:
    """Parse a PDF's text layer into blocks, then a document (see the module docstring)."""
    pages, info = read_lines(raw.data)
    if not any(line.text.strip() for page in pages for line in page):
        return _scanned(raw, info, len(pages))
    lines = [line for page in _by_page(drop_running_lines(pages)) for line in page_layout(reading_order(page))]
    blocks = lines_to_blocks(lines)
    # What the first lines say ("日期：2024-06-28") is the document's own word; file properties fill the rest.
    meta = {**_info_metadata(info), **header_metadata("\n".join(_field_text(line) for line in lines[:20]))}
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
        raise IngestError(say(MESSAGES, "no_ocr", "en", n=pages))
    document = pdfium.PdfDocument(raw.data)
    try:
        text = ocr_pages(document, engine)
    finally:
        document.close()
    if not text.strip():
        raise IngestError(say(MESSAGES, "ocr_empty", "en", n=pages))
    name = engine_name(engine)
    warnings = [ParseWarning(f"scanned: no text layer; the text was read by OCR ({name}): check it")]
    if pages > MAX_PAGES:
        warnings.append(ParseWarning(f"OCR read the first {MAX_PAGES} of {pages} pages"))
    blocks = text_blocks(text)
    meta = {**_info_metadata(info), **header_metadata(text), "ocr": name}
    parts = Parts(meta=meta, blocks=blocks, raw_text=text, html=blocks_html(blocks), format="pdf")
    return ParseResult([build_document(parts, default_key=raw.default_key, defaults=raw.defaults, encoding=None,
                                       warnings=warnings)], warnings)


def _field_text(line: Line) -> str:
    """A line as its "Field: value" pairs are read: a piece set apart by a wide gap that opens with a field's name
    ("Project: Payment Gateway" ... "Date: 2026-11-20") kept apart by two spaces, as a text file's wide spaces keep it
    (the text layer's single space made the date part of the project, and the file's creation date the document's).
    Other gaps stay single spaces: some PDFs place every word apart ("作者：" ... "王恒宇" is one field)."""
    if not any(starts_field(text) for text, _, _ in line.cells[1:]):
        return line.text
    return "".join(("  " if i and starts_field(text) else " " if i else "") + text
                   for i, (text, _, _) in enumerate(line.cells))


def _by_page(lines: list[Line]) -> list[list[Line]]:
    return [list(group) for _, group in itertools.groupby(lines, key=lambda line: line.page)]


_UNTITLED = re.compile(r"^(untitled( document)?|未命名|无标题|未命名文档|无标题文档|新建.*文档)\s*\d*$", re.IGNORECASE)
# The page title of the web converter that made the PDF, which a browser writes as its Title ("免费 Markdown 转 PDF
# 转换器 - 在线将 MD 转换为 PDF 文件", "Markdown to PDF Converter Online"): the tool's name, not the document's.
_CONVERTER = re.compile(r"(转|转换为|转换成|转成)\s*PDF|PDF\s*(转换器|在线转换)|\bto\s+PDF\s+(converter|online)\b"
                        r"|\bPDF\s+converter\b|\bconvert\b.*\bto\s+PDF\b", re.IGNORECASE)


def _info_metadata(info: dict[str, str]) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    title = normalize_space(re.sub(r"^Microsoft (Word|PowerPoint) - ", "", info.get("Title", "")))
    if title and not re.search(r"\.(docx?|pptx?)$", title, re.IGNORECASE) and not _UNTITLED.match(title) \
            and not _CONVERTER.search(title):
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
