"""Legacy Office files (.doc, .ppt, .xls) and files that are not what their extension says.

The binary Office formats of 1997-2003 are not read: the error says to save the file in the newer format.
The same check catches a .docx that is really an old .doc renamed, or a password-protected file (both are OLE
compound files, not zip archives).
"""

from __future__ import annotations

from ingest.source import RawFile
from kb.errors import IngestError
from kb.models import ParseResult

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
NEWER = {".doc": ".docx", ".ppt": ".pptx", ".xls": ".xlsx", ".docx": ".docx", ".pptx": ".pptx", ".xlsx": ".xlsx"}
_NAMES = {".doc": "Word 97-2003", ".ppt": "PowerPoint 97-2003", ".xls": "Excel 97-2003"}
_APPS = {".doc": "Word", ".ppt": "PowerPoint", ".xls": "Excel"}  # the one that opens it, not all three
OLD_OFFICE = tuple(_NAMES)  # the extensions ``kb ingest`` takes only to refuse them, saying "save it as .docx"


def legacy_error(suffix: str) -> IngestError:
    """The error for a legacy binary Office file with this extension."""
    newer = NEWER.get(suffix, ".docx/.pptx/.xlsx")
    name = _NAMES.get(suffix, "an old binary Office")
    return IngestError(f"{name} format ({suffix}) is not read: open it in {_APPS.get(suffix, 'Office')} or LibreOffice "
                       f"and save it as {newer}")


def check_not_ole(raw: RawFile, suffix: str) -> None:
    """Refuse a zip-based Office file that is really an OLE compound file (old format renamed, or encrypted)."""
    if raw.data.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in raw.data[:1 << 20]:
            raise IngestError("the file is password-protected: save a copy without a password")
        raise IngestError(f"this is an old binary Office file, not {suffix}: open it and save it as "
                          f"{NEWER.get(suffix, suffix)}")


def parse_legacy(suffix: str):
    """A parser that refuses legacy files of this extension with a clear message."""

    def parse(raw: RawFile) -> ParseResult:
        raise legacy_error(suffix)

    parse.__doc__ = f"Refuse {suffix} files: {_NAMES[suffix]} format."
    return parse
