"""Why the disk refused a write, in words: SQLite's read-only, full and I/O failures and an OSError's for a full,
read-only or failing disk. Said by the CLI (kb/cli_errors.py) and by the store when it cannot open the database."""

from __future__ import annotations

import errno

_DISK_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS, errno.EIO}

# Why SQLite could not write, where it says only "attempt to write a readonly database" or "disk I/O error"
_UNWRITTEN = {
    "SQLITE_READONLY": "the file is read-only (its permissions, an immutable flag, or a read-only disk)",
    "SQLITE_FULL": "the disk is full",
    "SQLITE_IOERR": "the disk refused a write (a full disk, a file size limit, or a failing disk)",
}


def unwritten(exc: BaseException) -> str | None:
    """Why a file could not be written, when the disk refused it: SQLite's read-only, full and I/O failures, and an
    OSError's own words for a full, read-only or failing disk (No space left on device); None for any other failure
    (a missing folder, say, which its own message names)."""
    if isinstance(exc, OSError):
        return exc.strerror if exc.errno in _DISK_ERRNOS else None
    name = getattr(exc, "sqlite_errorname", None) or ""
    return next((said for code, said in _UNWRITTEN.items() if name.startswith(code)), None)
