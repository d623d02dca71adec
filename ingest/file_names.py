"""File names that are not UTF-8: a folder unzipped from a Chinese Windows archive keeps its GBK names.

Python keeps such bytes as lone surrogates (surrogateescape), which SQLite cannot store and a terminal cannot print.
A PMO expects the lessons of ``整改.md`` to be found under the name its author saw, so a name that GB18030 reads as
Chinese text is stored as GB18030 reads it (with a warning saying how to rename the file); a name that is no known
encoding is shown escaped (``\\xd5\\xfb.md``) and its file passed over, as any other file that cannot be read.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

RENAME = "convmv -f gbk -t utf-8 --notest NAME; unzip -O gbk for an archive"


@dataclass(frozen=True)
class NameText:
    """A path as text the store can hold and a terminal can print, and what to say of its name (None: UTF-8)."""

    text: str
    problem: str | None = None
    readable: bool = True  # stored under ``text``; else the file is passed over


def undecoded(text: str) -> bool:
    """Whether text holds bytes the file system's encoding could not decode (lone surrogates U+DC80-U+DCFF)."""
    return any("\udc80" <= c <= "\udcff" for c in text)


def as_text(path: Path | str) -> str:
    """The path as GB18030 reads it if it reads as Chinese text, else with its undecodable bytes escaped; itself
    when it is text already."""
    text = str(path)
    if not undecoded(text):
        return text
    raw = os.fsencode(text)
    return _chinese(raw) or _escaped(raw)


def name_text(path: Path) -> NameText:
    """How a file's path is stored and shown (see the module's docstring)."""
    text = str(path)
    if not undecoded(text):
        return NameText(text)
    raw = os.fsencode(text)
    escaped, bad = _escaped(raw), _bad_bytes(raw)
    chinese = _chinese(raw)
    name, it = ("the file name", "the file") if undecoded(path.name) else ("the name of a folder above it", "it")
    if chinese is None:
        return NameText(escaped, f"{name} is not UTF-8 (bytes {bad}) nor GBK Chinese; rename {it} to UTF-8 and "
                                 "ingest it again", readable=False)
    if os.path.lexists(chinese):
        return NameText(escaped, f"{name} is not UTF-8 (bytes {bad}); GB18030 reads it as '{chinese}', the name of "
                                 f"another file: rename one of them ({RENAME})", readable=False)
    return NameText(chinese, f"{name} is not UTF-8: stored as GB18030 reads it ('{escaped}' on disk); rename {it} "
                             f"to keep that name ({RENAME})")


def on_disk(text: str) -> bool:
    """Whether a stored path is a file on disk: as it reads, or with its parts in GB18030 bytes where that is how
    ``name_text`` read them (a store's path of a GBK-named file is not the name on disk)."""
    if os.path.lexists(text):
        return True
    found = b"/" if text.startswith("/") else b""
    for part in filter(None, text.split("/")):
        utf8 = os.path.join(found, part.encode("utf-8", "surrogateescape"))
        if os.path.lexists(utf8):
            found = utf8
            continue
        try:
            found = os.path.join(found, part.encode("gb18030"))
        except UnicodeEncodeError:
            return False
        if not os.path.lexists(found):
            return False
    return True


def _escaped(raw: bytes) -> str:
    """The path with each byte outside ASCII of a part that is not UTF-8 as \\xNN (UTF-8 parts as they read)."""
    parts = []
    for part in raw.split(b"/"):
        try:
            parts.append(part.decode("utf-8"))
        except UnicodeDecodeError:
            parts.append("".join(chr(b) if b < 0x80 else f"\\x{b:02x}" for b in part))
    return "/".join(parts)


def _bad_bytes(raw: bytes) -> str:
    """The bytes of a name that are not UTF-8, as hex: 'd5 fb b8 c4'."""
    text = raw.decode("utf-8", "surrogateescape")
    return " ".join(f"{ord(c) - 0xDC00:02x}" for c in text if undecoded(c))[:72]


def _chinese(raw: bytes) -> str | None:
    """The path with each part that is not UTF-8 as GB18030 reads it, if every character outside ASCII there is a
    common Chinese one (in GB2312: Latin-1 bytes decode as GB18030 too, to rare characters); None if a part is not.
    Parts that are UTF-8 stay as they are: a GBK-named file unzipped into a folder named in UTF-8 (项目复盘/)."""
    parts = []
    for part in raw.split(b"/"):
        try:
            parts.append(part.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        text = _gb_part(part)
        if text is None:
            return None
        parts.append(text)
    return "/".join(parts)


def _gb_part(part: bytes) -> str | None:
    """One part of a path as GB18030 reads it, or None where that is not common Chinese text."""
    try:
        text = part.decode("gb18030")
    except UnicodeDecodeError:
        return None
    try:
        "".join(c for c in text if ord(c) > 0x7F).encode("gb2312")
    except UnicodeEncodeError:
        return None
    return text if text.isprintable() else None
