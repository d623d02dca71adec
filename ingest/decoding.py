"""Bytes to text: UTF-8 (with or without BOM), UTF-16/32 with BOM, GB18030/GBK; never silently wrong."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from kb.errors import DecodeError, EmptyFile
from kb.wording import say

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that never appear in real text files (tab, newline, carriage return, form feed are fine).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A terminal's escape sequence, removed whole with its ESC: a colour code (ESC [ 31 m), a title (ESC ] 0 ; … BEL) or
# a two-character one (ESC 7). Removing the ESC alone left "[31mERROR[0m" in the text, and "31m" among its words.
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b\n]*(?:\x07|\x1b\\)|[ -/]*[0-~])")
_TYPOGRAPHY = set("\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u20ac\u00a0\u00b0\u00a9\u00ae\u00b7\u00ab\u00bb")
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
# The warnings about a file's bytes, in the singular for one (kb.wording.say): key -> (English, Chinese); the
# upload page shows the Chinese (web/error_text.py's warn_* entries).
MESSAGES: dict[str, tuple[str, str]] = {
    "cut_off": ("file ends in the middle of a UTF-8 character ({n} bytes dropped)",
                "文件在一个 UTF-8 字符的中间结束（丢弃了末尾 {n} 个字节）"),
    "cut_off_one": ("file ends in the middle of a UTF-8 character (1 byte dropped)",
                    "文件在一个 UTF-8 字符的中间结束（丢弃了末尾 1 个字节）"),
    "controls": ("{n} control characters removed (backspaces, escape codes)", "删除了 {n} 个控制字符（退格符、转义码）"),
    "controls_one": ("1 control character removed (backspaces, escape codes)", "删除了 1 个控制字符（退格符、转义码）"),
}


@dataclass(frozen=True)
class Decoded:
    """Decoded text, the encoding it was read with, and any warning about the bytes."""

    text: str
    encoding: str
    warning: str | None = None


def decode(data: bytes) -> Decoded:
    """Decode a text file's bytes, or raise DecodeError saying why not.

    Order: a byte-order mark decides; then strict UTF-8; a UTF-8 file cut off mid-character is kept
    with a warning; then GB18030, accepted only if the result looks like Chinese text (characters of the
    common GB2312 set); anything else is refused rather than guessed.
    """
    if not data.strip():
        raise EmptyFile("empty file" if not data else "empty file (only whitespace)")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(data, encoding, f"{encoding} (BOM)")
    if b"\x00" in data[:8192]:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        return _checked(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    if utf8_error.reason == "unexpected end of data" and utf8_error.start >= len(data) - 3:
        text = data[:utf8_error.start].decode("utf-8")
        dropped = len(data) - utf8_error.start
        return _checked(text, "utf-8", say(MESSAGES, "cut_off", "en", n=dropped))
    if len(_UTF8_MULTIBYTE.findall(data[:utf8_error.start])) >= 3:
        line = data[:utf8_error.start].count(b"\n") + 1
        raise DecodeError(f"invalid UTF-8 at byte {utf8_error.start}; "
                          "the file is damaged or mixes encodings", line=line)
    for fallback in (_gb18030, _western):
        found = fallback(data)
        if found is not None:
            return found
    raise DecodeError("cannot tell the encoding (not UTF-8, UTF-16 with BOM or GB18030/GBK); "
                      "re-save the file as UTF-8")


def _strict(data: bytes, encoding: str, label: str) -> Decoded:
    try:
        return _checked(data.decode(encoding), label)
    except UnicodeDecodeError as exc:
        raise DecodeError(f"declared {label} but byte {exc.start} is invalid: {exc.reason}") from None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    sample = data[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2 or 1
    for zeros, encoding in ((odd, "utf-16-le"), (even, "utf-16-be")):
        if zeros / half > 0.3:
            try:
                return _checked(data.decode(encoding), f"{encoding} (no BOM)", guessed=True)
            except (UnicodeDecodeError, DecodeError):
                return None
    return None


def _gb18030(data: bytes) -> Decoded | None:
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide:
        return None
    common = 0
    for ch in wide:
        try:
            ch.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    if common / len(wide) < 0.95:
        return None
    return _checked(text, "gb18030", guessed=True)


def _western(data: bytes) -> Decoded | None:
    """Windows-1252 (Western European), only for mostly-ASCII text whose other characters are letters
    or typographic punctuation; always with a warning so the guess is never silent."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    wide = [ch for ch in text if ord(ch) > 0x7F]
    if not wide or len(wide) > len(text) * 0.1:
        return None
    if any(not (ch.isalpha() or ch in _TYPOGRAPHY) for ch in wide):
        return None
    return _checked(text, "cp1252", "not UTF-8: read as Windows-1252 (Western European)", guessed=True)


def _checked(text: str, encoding: str, warning: str | None = None, *, guessed: bool = False) -> Decoded:
    """Refuse text that is mostly control characters (binary); strip the few stray ones a real file holds.

    Bytes that are valid UTF-8 (or declared by a byte-order mark) are text unless a tenth of their characters
    are controls: a note pasted from a terminal carries backspaces and escape codes. Bytes read by a guessed
    encoding (GB18030, Windows-1252, UTF-16 without a BOM) decode from almost anything (binary files full of zero
    bytes read as UTF-16), so there one in 200 is enough to refuse.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    sample = text[:100_000]
    controls = len(_CONTROL.findall(sample))
    if controls > max(8, len(sample) // (200 if guessed else 10)):
        raise DecodeError(f"binary file ({controls} control characters after decoding as {encoding})")
    if controls or _CONTROL.search(text):
        text, escapes = _ESCAPE.subn("", text)
        text, removed = _CONTROL.subn("", text)
        removed += escapes  # a sequence counts once, as its ESC did
        note = say(MESSAGES, "controls", "en", n=removed)
        warning = f"{warning}; {note}" if warning else note
    if not text.strip():
        raise EmptyFile("empty file (only whitespace)")
    return Decoded(text, encoding, warning)
