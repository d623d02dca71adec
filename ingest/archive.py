"""Zip-based formats (.xlsx, .docx, .pptx): an archive is opened only if what it unpacks to is in
proportion to the file.

A 590 KB workbook whose shared strings unpack to one 400 MB string took 7.5 GB of memory in openpyxl. Before a
parser sees an archive, ``check_archive`` refuses one whose members claim, or turn out, to unpack to more than a
cap (a multiple of ``max_file_mb``) in all, or to more than ``MAX_RATIO`` times their compressed size each. Every
member is inflated once through a bounded stream, block by block, so a header that understates a size cannot
get past: counting stops at the cap, and nothing but one block is held.
"""

from __future__ import annotations

import io
import zipfile

from kb.errors import IngestError

UNPACKED_PER_FILE_MB = 5  # an archive may unpack to this many times max_file_mb in all
MAX_RATIO = 100  # uncompressed : compressed, per member (Apache POI's ZipSecureFile refuses above 100 too)
RATIO_GRACE = 1 << 20  # members that unpack to less than this are not held to the ratio
MAX_MEMBERS = 10_000
_BLOCK = 1 << 20
_MB = 1024 * 1024


def archive_cap(max_file_mb: float) -> int:
    """Bytes an archive may unpack to, given the run's size limit for files."""
    return int(UNPACKED_PER_FILE_MB * max_file_mb * _MB)


def check_archive(data: bytes, *, max_bytes: int, max_ratio: float = MAX_RATIO, kind: str = "zip archive") -> None:
    """Refuse a zip archive that unpacks to too much, as declared or as actually inflated.

    Args:
        data: the archive's bytes.
        max_bytes: the most its members may unpack to, together.
        max_ratio: the most a member (of at least ``RATIO_GRACE`` bytes) may unpack to per byte it takes.
        kind: what the archive is, for messages (".xlsx workbook").

    Raises:
        IngestError: not a readable zip archive, or out of proportion (the message says which member and why).
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            _check_declared(members, max_bytes, max_ratio)
            total = 0
            for member in members:
                total = _inflate(archive, member, total, max_bytes, max_ratio)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise IngestError(f"not a readable {kind} ({type(exc).__name__}: {str(exc)[:80]})") from None
    except RuntimeError as exc:  # an encrypted member
        raise IngestError(f"the {kind} cannot be read ({str(exc)[:80]})") from None


def _check_declared(members: list[zipfile.ZipInfo], max_bytes: int, max_ratio: float) -> None:
    if len(members) > MAX_MEMBERS:
        raise IngestError(f"the archive holds {len(members):,} files, more than {MAX_MEMBERS:,}")
    declared = sum(m.file_size for m in members)
    if declared > max_bytes:
        raise IngestError(f"the archive unpacks to {declared / _MB:,.0f} MB, over the {max_bytes / _MB:,.0f} MB "
                          f"allowed ({UNPACKED_PER_FILE_MB} × max_file_mb)")
    for member in members:
        _check_ratio(member, member.file_size, max_ratio)


def _check_ratio(member: zipfile.ZipInfo, size: int, max_ratio: float) -> None:
    if size >= RATIO_GRACE and size > max_ratio * max(member.compress_size, 1):
        raise IngestError(f"{member.filename} in the archive unpacks to {size / _MB:,.1f} MB from "
                          f"{member.compress_size / 1024:,.0f} KB, more than {max_ratio:g} times its size "
                          "(a zip bomb?)")


def _inflate(archive: zipfile.ZipFile, member: zipfile.ZipInfo, total: int, max_bytes: int,
             max_ratio: float) -> int:
    """Inflate one member block by block, counting; return the running total of bytes unpacked."""
    size = 0
    with archive.open(member) as stream:
        while block := stream.read(_BLOCK):
            size += len(block)
            total += len(block)
            if size > member.file_size:
                raise IngestError(f"{member.filename} in the archive unpacks to more than its header says")
            if total > max_bytes:
                raise IngestError(f"the archive unpacks to more than the {max_bytes / _MB:,.0f} MB allowed "
                                  f"({UNPACKED_PER_FILE_MB} × max_file_mb)")
            _check_ratio(member, size, max_ratio)
    return total
