"""Files without an extension: what they hold decides how they are read.

A PDF, Word, PowerPoint or Excel file is recognised by its first bytes (and a zip archive by the parts it holds);
text is read as HTML, Markdown or plain text by its look; anything else is binary and refused with a message
saying so. (A post-mortem saved as ``incident-2024-03`` is text; it used to be passed over without a word.)
"""

from __future__ import annotations

import io
import re
import zipfile

from ingest.legacy import OLE_MAGIC
from ingest.source import RawFile
from kb.errors import DecodeError, IngestError
from kb.models import ParseResult

_SNIFF_BYTES = 8192
_MARKDOWN = re.compile(r"^(---\s*$|#{1,6}\s+\S|\s*[-*+]\s+\S.*\n\s*[-*+]\s+\S)", re.MULTILINE)
_ZIP_PARTS = {"word/document.xml": ".docx", "ppt/presentation.xml": ".pptx", "xl/workbook.xml": ".xlsx"}


def parse_untyped(raw: RawFile) -> ParseResult:
    """Parse a file that has no extension, by what it holds.

    Raises:
        IngestError: binary content that is no document kb reads (the message says what it looks like).
    """
    from ingest.parsers import PARSERS

    suffix = sniff(raw.data)
    return PARSERS[suffix](raw)


def sniff(data: bytes) -> str:
    """The extension whose parser reads this content (".pdf", ".docx", ".html", ".md", ".txt", ...)."""
    head = data[:_SNIFF_BYTES]
    if head.startswith(b"%PDF-"):
        return ".pdf"
    if head.startswith(OLE_MAGIC):
        raise IngestError("no extension, and the content is an old binary Office file (.doc/.ppt/.xls): save it "
                          "as .docx, .pptx or .xlsx")
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError("no extension, and the content is binary, not text: give the file the extension of "
                          "its format (.md, .txt, .html, .docx, .pptx, .pdf, ...)")
    try:
        text = RawFile(data=head, default_key="").decode().text
    except DecodeError:
        raise IngestError("no extension, and the content is not text in any encoding kb knows") from None
    if _binary_looking(text):
        raise IngestError("no extension, and the content is binary, not text: give the file the extension of "
                          "its format (.md, .txt, .html, .docx, .pptx, .pdf, ...)")
    start = text.lstrip("\ufeff \t\r\n")[:200].lower()
    if start.startswith(("<!doctype html", "<html")):
        return ".html"
    return ".md" if _MARKDOWN.search(text) else ".txt"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist()[:10_000])
    except (zipfile.BadZipFile, OSError, ValueError):
        raise IngestError("no extension, and the content is a damaged zip archive") from None
    for part, suffix in _ZIP_PARTS.items():
        if part in names:
            return suffix
    raise IngestError("no extension, and the content is a zip archive, not a document: unpack it first")


def _binary_looking(text: str) -> bool:
    """Whether decoded text is mostly control characters (a binary file that happened to decode)."""
    if not text:
        return False
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return control > 0.05 * len(text)
