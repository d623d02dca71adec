"""Lessons recorded without a document: rows of ``uploads/<project>/recorded-lessons.jsonl``, a lessons
register (one document a row), written whole so that a reader never sees half of one."""

from __future__ import annotations

import contextlib
import json
import os
import secrets
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ingest import Problem, ingest
from kb.errors import InvalidInput
from kb.permissions import private_folder, write_private
from kb.settings import Settings
from kb.store import Store
from web.contributions.folder import REGISTER_NAME, exclusive, project_folder, restore, uploads_root
from web.contributions.indexing import Stored, sync_index


def record(store: Store, settings: Settings, fields: dict[str, Any], actor: str, key: str | None = None) -> Stored:
    """Store a lesson as a row of its project's register (a new row, or the row of ``key`` changed) and index it.

    Returns:
        The key of the lesson's document, and whether the index has it.

    Raises:
        InvalidInput: the row could not be stored (the reason from ingest).
    """
    root = uploads_root(settings)
    with exclusive(settings):
        if key is None:
            row_id = f"web-{datetime.now(UTC):%Y%m%d%H%M%S}-{secrets.token_hex(3)}"
            path = root / project_folder(fields.get("project")) / REGISTER_NAME
        else:
            info = store.contribution(key)
            path, row_id = Path(info["path"]), key.rsplit("#", 1)[-1]
        private_folder(path.parent)
        before = path.read_bytes() if path.exists() else None
        row = {"id": row_id, **fields}
        rewrite_register(path, row_id, row)
        new_path = root / project_folder(fields.get("project")) / REGISTER_NAME
        if key is not None and new_path != path:  # moved to another project's register
            rewrite_register(path, row_id, None)
            private_folder(new_path.parent)
            rewrite_register(new_path, row_id, row)
        said = _reread(store, settings, path, new_path)
        stored = store.register_row_document(str(new_path), row_id)
        if stored is None:
            restore(path, before)
            if new_path != path:
                rewrite_register(new_path, row_id, None)
            _reread(store, settings, path, new_path)
            problems = [str(p.message) for p in said if p.path in (str(path), str(new_path))]
            raise InvalidInput(f"the lesson could not be stored: {problems[-1] if problems else 'no lesson text'}")
        store.claim([stored["id"]], actor)
        indexed = sync_index(store, settings)
    return Stored([str(stored["key"])], indexed)


def _reread(store: Store, settings: Settings, path: Path, new_path: Path) -> list[Problem]:
    """Read the register a row was written to again alone, and the one it left when it moved (not the whole managed
    folder): the warnings and errors of their reading."""
    said = []
    for register in dict.fromkeys([new_path, path]):
        report = reread_register(store, settings, register)
        said += [] if report is None else report.warnings + report.errors
    return said


def reread_register(store: Store, settings: Settings, path: Path) -> Any:
    """Read one register again alone, a row put in or taken out (not the whole managed folder, which holds every upload
    of the PMO); a register left with no rows (deleted, or only lines typed in by hand) has its documents go."""
    if _holds_rows(path):
        return ingest(store, [path], roots={str(path): str(uploads_root(settings))})
    source = store.source_by_path(str(path))
    if source is not None:
        store.delete_source(source["id"])
    return None


def register_row(path: str, key: str) -> dict[str, Any] | None:
    """The stored row of a recorded lesson (for its edit form)."""
    row_id = key.rsplit("#", 1)[-1]
    with contextlib.suppress(FileNotFoundError):
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            row = _row(line)
            if row is not None and row.get("id") == row_id:
                return row
    return None


def _holds_rows(path: Path) -> bool:
    try:
        return any(_row(line) is not None for line in path.read_text(encoding="utf-8").splitlines())
    except FileNotFoundError:
        return False


def _row(line: str) -> dict[str, Any] | None:
    """A register line's row; None for a line that holds none (blank, or typed into the file by hand)."""
    try:
        row = json.loads(line) if line.strip() else None
    except json.JSONDecodeError:
        return None
    return row if isinstance(row, dict) else None


def rewrite_register(path: Path, row_id: str, row: dict[str, Any] | None) -> None:
    """Put a row in a register (replacing the row of that id, or at the end), or take it out (row None); the file
    is replaced whole, so a reader never sees half of it."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    out, done = [], False
    for line in lines:
        if (_row(line) or {}).get("id") == row_id:
            if row is not None:
                out.append(json.dumps(row, ensure_ascii=False))
            done = True
        elif line.strip():
            out.append(line)  # other rows, and lines that are not rows, as they were
    if row is not None and not done:
        out.append(json.dumps(row, ensure_ascii=False))
    if not out:
        path.unlink(missing_ok=True)
        return
    partial = path.with_name(f".{path.name}.partial")
    write_private(partial, ("\n".join(out) + "\n" if out else "").encode("utf-8"))
    os.replace(partial, path)
