"""Files without an extension: what they hold decides how they are read.

A PDF, Word, PowerPoint or Excel file is recognised by its first bytes (and a zip archive by the parts it holds);
text is read as HTML, Markdown or plain text by its look; anything else is binary and refused with a message
saying so. (A post-mortem saved as ``incident-2024-03`` is text; it used to be passed over without a word.)

A file named as a binary format (.docx, .pptx, .xlsx, .pdf, or an old .doc/.ppt/.xls) whose content is another kind
that kb reads (a Markdown or text file someone renamed, a .docx saved as .doc, a CSV named .xlsx) is read as what it
is, with a warning saying so (``misnamed``); content that is none of these gets the named format's own error.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from ingest.legacy import OLE_MAGIC
from ingest.mhtml_doc import is_archive
from ingest.source import RawFile
from ingest.wordml_doc import parse_wordml
from kb.errors import DecodeError, EmptyFile, IngestError
from kb.models import ParseResult, ParseWarning
from kb.wording import say

Parser = Callable[[RawFile], ParseResult]

_SNIFF_BYTES = 8192
_MARKDOWN = re.compile(r"^(---\s*$|#{1,6}\s+\S|\s*[-*+]\s+\S.*\n\s*[-*+]\s+\S)", re.MULTILINE)
_ZIP_PARTS = {"word/document.xml": ".docx", "ppt/presentation.xml": ".pptx", "xl/workbook.xml": ".xlsx"}


def parse_untyped(raw: RawFile) -> ParseResult:
    """Parse a file that has no extension, by what it holds.

    Raises:
        IngestError: binary content that is no document kb reads (the message says what it looks like).
    """

    suffix = sniff(raw.data)
    return _reader(suffix)(raw)


# What a file named as another format holds, and how it is read (English, Chinese; web/file_messages.py shows them).
MESSAGES: dict[str, tuple[str, str]] = {
    ".txt": ("named {suffix} but is plain text: read as text", "文件名是 {suffix}，内容却是纯文本：已按文本读取"),
    ".md": ("named {suffix} but is Markdown text: read as Markdown",
            "文件名是 {suffix}，内容却是 Markdown 文本：已按 Markdown 读取"),
    ".html": ("named {suffix} but is HTML: read as HTML", "文件名是 {suffix}，内容却是 HTML：已按 HTML 读取"),
    ".mht": ("named {suffix} but is a web page archive (MHTML): its page read as HTML",
             "文件名是 {suffix}，内容却是网页归档（MHTML）：已按网页读取其中的页面"),
    ".wordml": ("named {suffix} but is a Word 2003 XML document: read as Word",
                "文件名是 {suffix}，内容却是 Word 2003 XML 文档：已按 Word 文档读取"),
    ".csv": ("named {suffix} but is CSV text: read as a CSV register",
             "文件名是 {suffix}，内容却是 CSV 文本：已按 CSV 登记表读取"),
    ".pdf": ("named {suffix} but is a PDF: read as PDF", "文件名是 {suffix}，内容却是 PDF：已按 PDF 读取"),
    ".docx": ("named {suffix} but is a Word .docx document: read as Word",
              "文件名是 {suffix}，内容却是 Word .docx 文档：已按 Word 文档读取"),
    ".pptx": ("named {suffix} but is a PowerPoint .pptx presentation: read as PowerPoint",
              "文件名是 {suffix}，内容却是 PowerPoint .pptx 演示文稿：已按演示文稿读取"),
    ".xlsx": ("named {suffix} but is an Excel .xlsx workbook: read as a register",
              "文件名是 {suffix}，内容却是 Excel .xlsx 工作簿：已按登记表读取"),
}
_SPREADSHEETS = (".xlsx", ".xls")
_DELIMITERS = (",", ";", "\t", "|")


def misnamed(suffix: str, parser: Parser) -> Parser:
    """The parser for files named with a binary format's extension (``suffix``): content of another kind kb reads
    is read as that kind, with a warning naming both; anything else goes to ``parser`` (whose error it gets)."""

    def parse(raw: RawFile) -> ParseResult:
        _refuse_empty_or_archive(suffix, raw.data)
        actual = content_kind(suffix, raw.data)
        if actual is None:
            return parser(raw)
        result = _reader(actual)(raw)
        note = ParseWarning(say(MESSAGES, actual, "en", suffix=suffix))
        return ParseResult(result.documents, [note, *result.warnings])

    parse.__doc__ = parser.__doc__
    return parse


_OFFICE_NAMES = {".docx": "Word document", ".pptx": "PowerPoint presentation", ".xlsx": "Excel workbook"}


def _refuse_empty_or_archive(suffix: str, data: bytes) -> None:
    """An empty file, an RTF document (read as text, its markup gave lessons), and a zip archive that is no Office file
    at all (no ``[Content_Types].xml``: a folder zipped and named .docx), said as what they are rather than as the
    library's "BadZipFile" or "KeyError: no item named …".

    Raises:
        IngestError: saying so.
    """
    if not data.strip():
        raise EmptyFile("empty file" if not data else "empty file (only whitespace)")
    if _rtf(data):
        raise IngestError(f"named {suffix} but is an RTF document: open it in Word or LibreOffice and save it as .docx")
    if office_xml := _office_xml(data):
        raise IngestError(f"named {suffix} but is {office_xml}")
    if suffix in _OFFICE_NAMES and data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist()[:10_000])
        except (zipfile.BadZipFile, OSError, ValueError):
            return  # damaged: the format's own error says so
        if "[Content_Types].xml" not in names:
            raise IngestError(f"named {suffix} but is a zip archive, not a {_OFFICE_NAMES[suffix]}: unpack it and "
                              "ingest what it holds")


def content_kind(suffix: str, data: bytes) -> str | None:
    """The extension whose parser reads content named ``suffix``, when that is not the named format itself: None for
    content of the named format, for an empty file (which ``misnamed`` says is empty), and for content kb cannot read
    (then the named format's parser says what is wrong: a damaged file, an old binary Office file, a password)."""
    if not data or data.isspace() or suffix == ".pdf" and b"%PDF-" in data[:1024]:
        return None
    try:
        kind = sniff(data)
    except IngestError:
        return None
    if suffix in _SPREADSHEETS and kind == ".txt" and _delimited(data):
        kind = ".csv"
    return None if kind == suffix else kind


def _delimited(data: bytes) -> bool:
    """Whether a text's first line splits into columns (a CSV or TSV saved under a spreadsheet's name)."""
    first = RawFile(data=data[:_SNIFF_BYTES], default_key="").decode().text.lstrip("\ufeff \r\n").split("\n", 1)[0]
    return any(d in first for d in _DELIMITERS)


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
    if is_archive(head):  # a web page archive (Confluence's Word export): its page is read
        return ".mht"
    if _rtf(head):
        raise IngestError("no extension, and the content is an RTF document: open it in Word or LibreOffice and save "
                          "it as .docx")
    if _WORD_XML.search(head[:_SNIFF_BYTES]) and _xml(head):
        return ".wordml"
    if office_xml := _office_xml(head):
        raise IngestError(f"no extension, and the content is {office_xml}")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")) and not _utf16_text(head):
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


def _rtf(data: bytes) -> bool:
    """Whether the bytes are an RTF document (its markup is text, but not what it says)."""
    return data.lstrip()[:5] == b"{\\rtf"


# Office's XML formats of 2003 (WordprocessingML, SpreadsheetML), as Word and Excel "Save as XML" them and as systems
# that "export to Word / Excel" write them from a template (named .doc, .xls): read as text, their markup gave lessons
# ("<w:p><w:r><w:t>测试环境不稳定…</w:t></w:r></w:p>").
# Word's is read (ingest/wordml_doc.py), Excel's refused (said what to save it as).
_WORD_XML = re.compile(rb'progid\s*=\s*"Word\.Document"|<w:wordDocument\b')
_OFFICE_XML = (
    (re.compile(rb'progid\s*=\s*"Excel\.Sheet"|<(ss:)?Workbook\s[^>]*urn:schemas-microsoft-com:office:spreadsheet'),
     "an Excel 2003 XML spreadsheet: open it in Excel, WPS or LibreOffice and save it as .xlsx"),
)
# Readers of a content no extension names (ingest.parsers.PARSERS has those of extensions).
CONTENT_READERS: dict[str, Parser] = {".wordml": parse_wordml}


def _reader(kind: str) -> Parser:
    """The parser for what ``sniff`` says a content is."""
    from ingest.parsers import PARSERS

    return CONTENT_READERS.get(kind) or PARSERS[kind]


def _xml(data: bytes) -> bool:
    return data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<?xml")


def _office_xml(data: bytes) -> str | None:
    """What an Office 2003 XML file kb does not read is and what to do with it; None for other bytes."""
    head = data[:_SNIFF_BYTES]
    if not _xml(head):
        return None
    return next((said for pattern, said in _OFFICE_XML if pattern.search(head)), None)


def _utf16_text(head: bytes) -> bool:
    """Whether bytes with NULs are UTF-16 text without a byte-order mark, as ``ingest.decoding`` reads a .txt of
    them (a Windows "Unicode" save; the first bytes may end inside a character pair, so once more without it)."""
    for sample in (head, head[:-2]):
        try:
            return RawFile(data=sample, default_key="").decode().encoding.startswith("utf-16")
        except DecodeError:
            continue
    return False


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
