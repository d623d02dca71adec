"""Publishing a read upload into its project's folder, and withdrawing a contributed document."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from ingest import ingest
from kb.errors import InvalidInput
from kb.permissions import private_folder
from kb.settings import Settings
from kb.store import Store
from web.contributions.folder import (
    REGISTER_NAME,
    exclusive,
    in_managed_folder,
    not_contributed,
    project_folder,
    restore,
    uploads_root,
)
from web.contributions.indexing import Stored, index_in_background, sync_index
from web.contributions.registers import reread_register, rewrite_register

INDEX_IN_REQUEST = 20  # documents a publication indexes before it answers; a larger file is indexed in the background


def publish(store: Store, settings: Settings, upload: dict[str, Any], project: str | None,
            corrections: dict[str, Any], actor: str, *, lessons: dict[str, dict[str, Any]] | None = None) -> Stored:
    """Move a parsed upload into its project's folder, ingest it, apply the corrected metadata and lessons
    (``kb.store.lesson_corrections``) and update the index.

    A file of that name already in the folder is replaced (its documents keep their keys, tags and reviews). If the
    file cannot be stored, the folder is put back as it was and nothing is stored.

    Args:
        lessons: lesson corrections by the key a document was read with on the upload's page (a register's rows
            are told apart by the part after ``#``, which publishing keeps).

    Returns:
        The keys of the documents stored from the file, and whether the index has them.

    Raises:
        InvalidInput: the file could not be stored (the reason from ingest).
    """
    root = uploads_root(settings)
    target = root / project_folder(project) / upload["file_name"]
    with exclusive(settings):
        private_folder(target.parent)
        previous = target.read_bytes() if target.exists() else None
        partial = target.with_name(f".{target.name}.partial")
        shutil.copyfile(upload["staged_path"], partial)
        os.replace(partial, target)
        report = ingest(store, [target], roots={str(target): str(root)})  # that file alone, keyed from the folder
        problems = [p for p in report.errors if p.path == str(target)]
        documents = store.source_documents(str(target))
        if problems or not documents:
            _put_back(store, target, previous, root)
            reason = problems[0].message if problems else "nothing could be stored"
            raise InvalidInput(f"{upload['file_name']}: the file could not be stored: "
                               f"{reason.split(': already used by ')[0]}")  # not the server's path of the other file
        store.claim([d["id"] for d in documents], actor)
        keys = [d["key"] for d in documents]
        if corrections:
            store.set_overrides(keys, corrections, actor=actor)
        if _correct_lessons(store, keys, lessons or {}, actor):  # the file is read again, its lessons corrected
            reread(store, target)
            store.claim([d["id"] for d in documents], actor)  # the lessons added are the uploader's too
        store.update_upload(upload["id"], status="published", source_path=str(target))
        shutil.rmtree(Path(upload["staged_path"]).parent, ignore_errors=True)
        if len(keys) > INDEX_IN_REQUEST and index_in_background(settings) is not None:
            return Stored(keys, None)
        indexed = sync_index(store, settings)
    return Stored(keys, indexed)


def _put_back(store: Store, target: Path, previous: bytes | None, root: Path) -> None:
    """After a file that could not be stored: the folder as it was, and the store in step with it, that file alone
    (not the whole folder, which holds every upload of the PMO). A file it replaced is written back and read again
    (unchanged since it was stored, it is only hashed); a new one is removed, with any record the failed reading
    left of it."""
    restore(target, previous)
    if previous is not None:
        ingest(store, [target], roots={str(target): str(root)})
        return
    source = store.source_by_path(str(target))
    if source is not None:
        store.delete_source(source["id"])


def _correct_lessons(store: Store, keys: list[str], lessons: dict[str, dict[str, Any]], actor: str) -> bool:
    """Keep the lesson corrections made on an upload's page with the documents published from it; whether any."""
    rows = {key.rsplit("#", 1)[-1]: key for key in keys}
    for read_as, value in lessons.items():
        key = keys[0] if len(keys) == 1 and len(lessons) == 1 else rows.get(read_as.rsplit("#", 1)[-1])
        if key is not None:
            store.set_overrides([key], {"lessons": value}, actor=actor)
    return bool(lessons)


def reread(store: Store, path: Path) -> Any:
    """Read one stored file of the managed folder again (its corrections applied as it is stored), under the root
    and folder defaults it was stored with: not the whole folder, which holds every upload of the PMO."""
    return ingest(store, [path])


def save_corrections(store: Store, settings: Settings, key: str, changed: dict[str, Any], actor: str) -> bool:
    """Keep a published document's corrected metadata and lessons; with lessons, its file is read again (that file
    alone) so that they are stored corrected. Then the index is brought up to date.

    Returns:
        Whether the index has the corrections (False: the next ``kb ingest`` or ``kb reindex`` indexes them).
    """
    with exclusive(settings):
        store.set_overrides([key], changed, actor=actor)
        if "lessons" in changed:
            info = store.contribution(key)
            reread(store, Path(info["path"]))
            store.claim([info["id"]], actor)  # the lessons added are its contributor's, as the others
        return sync_index(store, settings)


def withdraw(store: Store, settings: Settings, key: str) -> None:
    """Take a contributed document out: a recorded lesson leaves its register, an uploaded file leaves the folder
    (with every document stored from it).

    Raises:
        InvalidInput: the document's file is not in the managed folder (it is never deleted from here).
    """
    info = store.contribution(key)
    if not in_managed_folder(settings, info["path"]):
        raise InvalidInput(not_contributed(key))
    path = Path(info["path"])
    with exclusive(settings):
        if path.name == REGISTER_NAME:
            rewrite_register(path, key.rsplit("#", 1)[-1], None)
            reread_register(store, settings, path)  # that register alone
            store.drop_overrides([key])
        else:
            path.unlink(missing_ok=True)
            store.withdraw_file(info["source_id"])
        sync_index(store, settings)
