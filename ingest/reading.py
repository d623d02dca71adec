"""Reading a file only from inside the folder being ingested.

A link whose target lies outside the folder the user named is refused (``/etc/passwd`` linked as ``passwd.txt``
would otherwise be stored and shown to every reader). The check is made on the opened file itself, so a file
swapped for a link between the check and the read is refused too.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from kb.errors import IngestError, OutsideFolder

OUTSIDE_MESSAGE = "links outside the folder are not followed"
_READ_BLOCK = 1 << 20


def is_under(path: str, root: str) -> bool:
    """Whether a real (resolved) path is the real root or below it."""
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def resolves_inside(path: Path, root: Path) -> bool:
    """Whether a path, links followed, stays inside a folder (links followed too)."""
    return is_under(os.path.realpath(path), os.path.realpath(root))


def read_inside(path: Path, root: Path, *, max_mb: float) -> bytes:
    """The bytes of a regular file whose real path is inside ``root``.

    The resolved path is opened without following a link in its last part (``O_NOFOLLOW``), and where the system
    can say which file was opened (``/proc/self/fd``), that path is checked against the root again; elsewhere the
    opened file must be the one checked (same device and inode). A pipe or device is refused without blocking.

    Raises:
        OutsideFolder: the file, or a folder on its way, leads outside ``root``.
        IngestError: not a regular file, larger than ``max_mb``, or unreadable.
    """
    real_root = os.path.realpath(root)
    real = os.path.realpath(path)
    if not is_under(real, real_root):
        raise OutsideFolder(OUTSIDE_MESSAGE)
    try:
        fd = os.open(real, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # turned into a link after the check
            raise OutsideFolder(OUTSIDE_MESSAGE) from None
        raise IngestError(f"cannot read the file: {exc.strerror}") from None
    try:
        return _read_checked(fd, real, real_root, max_mb)
    finally:
        os.close(fd)


def _read_checked(fd: int, real: str, real_root: str, max_mb: float) -> bytes:
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise IngestError("not a regular file (a pipe, socket or device)")
    if not _opened_inside(fd, info, real, real_root):
        raise OutsideFolder(OUTSIDE_MESSAGE)
    limit = int(max_mb * 1024 * 1024)
    if info.st_size > limit:
        raise IngestError(f"file is {info.st_size / 1048576:.1f} MB, over the {max_mb:g} MB limit (max_file_mb)")
    chunks: list[bytes] = []
    size = 0
    try:
        while block := os.read(fd, _READ_BLOCK):
            size += len(block)
            if size > limit:  # it grew while being read
                raise IngestError(f"file is over the {max_mb:g} MB limit (max_file_mb)")
            chunks.append(block)
    except OSError as exc:
        raise IngestError(f"cannot read the file: {exc.strerror}") from None
    return b"".join(chunks)


def _opened_inside(fd: int, info: os.stat_result, real: str, real_root: str) -> bool:
    """Whether the file opened is inside the root (a folder on the way may have been swapped for a link)."""
    try:
        opened = os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        opened = None
    if opened is not None and opened.startswith(os.sep):
        return is_under(opened.removesuffix(" (deleted)"), real_root)
    try:
        again = os.stat(real, follow_symlinks=False)
    except OSError:
        return False
    return (again.st_dev, again.st_ino) == (info.st_dev, info.st_ino) and os.path.realpath(real) == real
