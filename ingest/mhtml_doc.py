"""Web page archives (MHTML: .mht, .mhtml): a page and its pictures in one MIME message, as Word's "Single File Web
Page" saves it and Confluence's "Export to Word" writes it (named .doc). The page, its first HTML part, is read as
an HTML export is (``ingest.html_doc``: the same sanitising, the same structure); the pictures are left.

A file starts with its MIME headers (``MIME-Version``, a ``multipart/related`` or ``text/html`` type); ``is_archive``
tells one by them, for ``ingest.sniff``: read as text, it gave lessons such as "-----=_Part_0_1.2--".
"""

from __future__ import annotations

import base64
import email
import email.errors
import email.policy
import re
from dataclasses import replace
from email.message import Message
from pathlib import PurePosixPath

from ingest.html_doc import parse_html
from ingest.source import RawFile
from kb.errors import EmptyFile, IngestError
from kb.models import ParseResult, ParseWarning

_HEADER_END = re.compile(rb"\r?\n\r?\n")
# A page's charset as a browser reads it (WHATWG's encoding labels): Word and Outlook name a page gb2312 that holds
# GBK's characters (镕, 喆), which GB18030 holds too; Big5 is read as Big5-HKSCS (港, 粵 characters).
_CHARSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "csgb2312": "gb18030", "gb_2312-80": "gb18030",
             "chinese": "gb18030", "big5": "big5hkscs", "x-x-big5": "big5hkscs"}
# What a page cut off ends in that is no text: a tag cut in half ("<p class=MsoNormal st" was read as a lesson),
# a quoted-printable escape cut in half ("=B").
_UNFINISHED = re.compile(rb"(<[^<>]*|=[0-9A-Fa-f]?)\Z")
_CUT_OFF = (email.errors.CloseBoundaryNotFoundDefect, email.errors.StartBoundaryNotFoundDefect)
# What is said of an archive (English, Chinese; web/file_messages.py shows them on the upload page).
MESSAGES: dict[str, tuple[str, str]] = {
    "no_page": ("a web page archive (MHTML) without a page: no text/html part", "这个网页归档（MHTML）中没有网页"),
    "empty_page": ("a web page archive (MHTML) whose page is empty", "这个网页归档（MHTML）中的网页是空的"),
    "not_archive": (("named {suffix} but is not a web page archive (MHTML): it does not start with MIME headers "
                    "(MIME-Version, Content-Type)"),
                    "文件名是 {suffix}，内容却不是网页归档（MHTML）：文件开头没有 MIME 头（MIME-Version、Content-Type）"),
    "cut_before_page": ("the web page archive (MHTML) is cut off before its page: save or copy it again",
                        "网页归档（MHTML）不完整，在网页之前就断了：请重新保存或复制一份"),
    "cut_off": ("the web page archive (MHTML) is cut off (its closing boundary is missing): its page may be incomplete",
                "网页归档（MHTML）不完整（缺少结尾的分隔行）：其中的网页可能缺了后面的部分"),
}


def is_archive(head: bytes) -> bool:
    """Whether a file's first bytes are the headers of a web page archive (MIME-Version, and a page's type)."""
    headers = _HEADER_END.split(head.lstrip()[:8192], maxsplit=1)[0].lower()
    return b"mime-version:" in headers and (b"multipart/related" in headers or b"text/html" in headers)


def parse_mhtml(raw: RawFile) -> ParseResult:
    """Parse a web page archive: its page as HTML. A page saved as plain HTML and named .mht is read as HTML, with a
    warning.

    Raises:
        IngestError: an empty file, one that is no archive (nor HTML), an archive without a page or with an empty one.
    """
    if not raw.data.strip():
        raise EmptyFile("empty file" if not raw.data else "empty file (only whitespace)")
    # a byte-order mark or a blank line before the headers (is_archive reads past them) ended the headers at once
    archive = email.message_from_bytes(raw.data.lstrip(b"\xef\xbb\xbf \t\r\n"), policy=email.policy.compat32)
    if archive["Content-Type"] is None:
        return _not_archive(raw)
    page = next((part for part in archive.walk() if part.get_content_type() == "text/html"), None)
    cut_off = any(isinstance(defect, _CUT_OFF) for part in archive.walk() for defect in part.defects)
    data = b"" if page is None else _page_bytes(page, cut_off)
    if not data.strip():
        raise IngestError(MESSAGES["cut_before_page" if cut_off else "no_page" if page is None else "empty_page"][0])
    result = parse_html(replace(raw, data=data))
    if not cut_off:
        return result
    return ParseResult(result.documents, [ParseWarning(MESSAGES["cut_off"][0]), *result.warnings])


def _not_archive(raw: RawFile) -> ParseResult:
    """A file named .mht without MIME headers: HTML (a page saved as "Web Page, HTML only" and renamed) is read as
    HTML, with a warning; anything else is refused.

    Raises:
        IngestError: it is not HTML either.
    """
    from ingest.sniff import MESSAGES as MISNAMED  # ingest.sniff asks this module what an archive is
    from ingest.sniff import sniff

    suffix = PurePosixPath(raw.default_key).suffix.lower() or ".mht"
    try:
        kind = sniff(raw.data)
    except IngestError:
        kind = None
    if kind != ".html":
        raise IngestError(MESSAGES["not_archive"][0].format(suffix=suffix))
    result = parse_html(raw)
    note = ParseWarning(MISNAMED[".html"][0].format(suffix=suffix))
    return ParseResult(result.documents, [note, *result.warnings])


def _page_bytes(page: Message, cut_off: bool) -> bytes:
    """The page's bytes, unpacked (quoted-printable, base64) and in UTF-8 where its part names a charset that reads
    them; otherwise as they are, for ``ingest.decoding`` to tell UTF-8 from GB18030. A page ``cut_off`` loses what
    it ends in that is no text: half a tag, half an escape, half a character."""
    data = _base64(page) if page.get("Content-Transfer-Encoding", "").strip().lower() == "base64" else \
        bytes(page.get_payload(decode=True) or b"")  # a text/html part is never multipart: bytes
    if cut_off:
        data = _UNFINISHED.sub(b"", data)
    named = page.get_content_charset()
    if not named:
        return data
    charset = _CHARSETS.get(named, named)
    try:
        return data.decode(charset).encode("utf-8")
    except LookupError:
        return data
    except UnicodeDecodeError as exc:
        if not cut_off or exc.start < len(data) - 3:  # not the charset it names: left to ingest.decoding
            return data
        return data[:exc.start].decode(charset).encode("utf-8")


def _base64(page: Message) -> bytes:
    """A base64 part's bytes, as far as they go: the email package gives a part cut off mid-quantum (a quarter of
    archives cut short) undecoded, and its base64 text was read as the page."""
    chars = re.sub(rb"[^A-Za-z0-9+/]", b"", str(page.get_payload()).encode("ascii", "replace"))
    if len(chars) % 4 == 1:  # one character alone holds no byte
        chars = chars[:-1]
    return base64.b64decode(chars + b"=" * (-len(chars) % 4))
