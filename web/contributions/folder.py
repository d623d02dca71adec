"""The managed folder (``<data folder>/uploads/``): where contributions are kept and under what names, the
file types an upload may have, and the lock every write of the folder, the store and the index holds."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import threading
from collections.abc import Iterator
from pathlib import Path

from ingest import PARSERS
from ingest.legacy import OLD_OFFICE
from kb.permissions import private_folder, write_private
from kb.settings import Settings

REGISTER_NAME = "recorded-lessons.jsonl"
STAGING = ".staging"
MAX_FILES = 20
NAME_CHARS = 120
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|]+")
_PROCESS_LOCK = threading.Lock()


def uploads_root(settings: Settings) -> Path:
    """The managed folder: ``uploads`` beside the database."""
    return settings.db.absolute().parent / "uploads"


def accepted_extensions() -> list[str]:
    """The extensions an upload may have: those ``kb ingest`` reads."""
    return sorted(e for e in PARSERS if e)


def readable_extensions() -> list[str]:
    """The extensions an upload may have, less the old Office formats, which are taken only to be refused."""
    return [e for e in accepted_extensions() if e not in OLD_OFFICE]


def old_office_extensions() -> list[str]:
    """The old binary Office extensions (.doc .ppt .xls): accepted, and refused with "save it as .docx" once read."""
    return sorted(e for e in OLD_OFFICE if e in PARSERS)


def safe_name(name: str, *, fallback: str) -> str:
    """A file or folder name from what a browser sent: no path, no control or reserved characters, no leading dot,
    at most NAME_CHARS characters (the extension kept)."""
    name = _UNSAFE_NAME.sub(" ", name.replace("\\", "/").rsplit("/", 1)[-1]).strip().lstrip(".").strip()
    stem, dot, suffix = name.rpartition(".")
    if dot and len(suffix) <= 10:
        name = stem[:NAME_CHARS - len(suffix) - 1].rstrip() + "." + suffix
    return name[:NAME_CHARS].strip() or fallback


def upload_name(name: str) -> str:
    """The name an uploaded file is kept under: ``safe_name``, never the name of the folder's own register."""
    name = safe_name(name, fallback="upload")
    return f"uploaded-{name}" if name.lower() == REGISTER_NAME else name


def project_folder(project: str | None) -> str:
    """The folder a project's contributions are kept in: the name with path separators and reserved characters
    as dashes (``ERP/二期`` and ``CRM/二期`` stay apart), no leading dot."""
    name = _UNSAFE_NAME.sub("-", project or "").strip().lstrip(".").strip()[:NAME_CHARS].strip()
    return name or "no-project"


@contextlib.contextmanager
def exclusive(settings: Settings) -> Iterator[None]:
    """One contribution at a time writes the folder, the store and the index (threads and processes)."""
    root = uploads_root(settings)
    private_folder(root)
    with _PROCESS_LOCK, open(root / ".lock", "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def in_managed_folder(settings: Settings, path: str | None) -> bool:
    """Whether a stored file is one of the managed folder's (a contribution), not one ingested from elsewhere."""
    return bool(path) and Path(path or "").is_relative_to(uploads_root(settings))


def not_contributed(key: str) -> str:
    """The message for a document that was not added from the browser."""
    return f"{key} was not added from the browser: it cannot be withdrawn or edited here"


def restore(target: Path, previous: bytes | None) -> None:
    if previous is None:
        target.unlink(missing_ok=True)
    else:
        write_private(target, previous)


def _forget_parent_jobs() -> None:
    """In a forked child (a gunicorn worker): the lock starts free (it may have been held mid-fork)."""
    global _PROCESS_LOCK
    _PROCESS_LOCK = threading.Lock()


os.register_at_fork(after_in_child=_forget_parent_jobs)
