"""Uploads before they are published: checked, kept in the staging folder (``uploads/.staging/``, never
ingested), read one after another on the process's reading thread into a scratch store so the uploader sees what
was understood, and dropped when discarded or abandoned."""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import queue
import re
import secrets
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ingest import PARSERS, ingest
from kb.errors import InvalidInput, KBError
from kb.permissions import private_folder, write_private
from kb.settings import Settings
from kb.store import Store
from web.background import Job, Worker
from web.contributions.folder import STAGING, old_office_extensions, readable_extensions, uploads_root

STALE_PARSE = timedelta(minutes=10)  # a parse still "running" after this died with its process
HEARTBEAT = STALE_PARSE / 4  # how often a read under way marks itself and the uploads waiting behind it as alive
ABANDONED_AFTER = timedelta(days=14)  # a read upload nobody published or discarded
PREVIEW_DOCUMENTS = 30
PREVIEW_LESSONS = 200
# a file read without a word in it (slides of pictures, a form left empty): publishing it stored a document that
# search could never find, titled after its file name
NO_TEXT = ("there is no text in this file to read (only pictures?): nothing of it could be searched; upload a version "
           "whose text can be selected and copied")
PARSE_WAITING = 20  # upload batches (up to MAX_FILES files each) waiting to be read, per process; more are refused
_PARSER = Worker("kb-upload-parse", PARSE_WAITING)
_WAITING_HERE: dict[str, set[int]] = {}  # store -> its uploads queued for this process's reading thread, not started
_WAITING_LOCK = threading.Lock()
_log = logging.getLogger(__name__)


def check_file(name: str, size: int, settings: Settings) -> None:
    """Refuse a file whose type ``kb ingest`` does not read, or that is too large.

    Raises:
        InvalidInput: naming the file and the limit.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in PARSERS or not suffix:
        raise InvalidInput(f"{name}: files of this type cannot be read; upload one of {', '.join(readable_extensions())}"
                           f" (old Office formats, {' '.join(old_office_extensions())}: save them as .docx/.pptx/.xlsx"
                           " first)")  # apart, as the upload page lists them
    if size > settings.max_file_mb * 1024 * 1024:
        raise InvalidInput(f"{name}: the file is {size / 1048576:.1f} MB, larger than the {settings.max_file_mb:g} MB "
                           "allowed")
    if size == 0:
        raise InvalidInput(f"{name}: the file is empty")


def stage(store: Store, settings: Settings, batch: str, user: str, name: str, data: bytes,
          project: str | None) -> int:
    """Keep an uploaded file in the staging folder and record it, queued for parsing."""
    folder = uploads_root(settings) / STAGING / batch / secrets.token_hex(4)
    private_folder(folder)
    path = folder / name
    write_private(path, data)
    return store.add_upload(batch, user, name, str(path), hashlib.sha256(data).hexdigest(), len(data), project)


def parse_in_background(settings: Settings, upload_ids: list[int]) -> Job:
    """Queue staged files for the process's reading thread, which reads them one after another, batch after batch;
    each upload's status says how far it got.

    Raises:
        queue.Full: ``PARSE_WAITING`` batches are waiting already (the caller discards these and says so).
    """
    waiting = _waiting_in(settings)
    with _WAITING_LOCK:
        waiting.update(upload_ids)
    try:
        return _PARSER.submit(_parse_all, settings, upload_ids)
    except queue.Full:
        with _WAITING_LOCK:
            waiting.difference_update(upload_ids)
        raise


def _waiting_in(settings: Settings) -> set[int]:
    with _WAITING_LOCK:
        return _WAITING_HERE.setdefault(str(settings.db), set())


def _parse_all(settings: Settings, upload_ids: list[int]) -> None:
    here = _waiting_in(settings)
    with Store(settings.db, create=False) as store:
        for upload_id in upload_ids:
            with _WAITING_LOCK:
                here.discard(upload_id)
            _keep_alive(store, here, None)
            if store.upload(upload_id)["status"] == "queued":  # not given up on (expired, discarded) while it waited
                with _heartbeat(settings, here, upload_id):
                    parse_upload(store, upload_id)


def _keep_alive(store: Store, waiting: set[int], reading: int | None) -> None:
    """Uploads still waiting here, and the one being read, are alive however long the queue or the read: keep them
    from looking like the leftovers of a stopped process (``expire_stale``), which a batch page marks as failed."""
    with _WAITING_LOCK:
        queued = sorted(waiting)
    cutoff = _stale_cutoff(STALE_PARSE / 2)
    store.touch_uploads(queued, status="queued", older_than=cutoff)
    if reading is not None:
        store.touch_uploads([reading], status="parsing", older_than=cutoff)


@contextlib.contextmanager
def _heartbeat(settings: Settings, waiting: set[int], reading: int) -> Iterator[None]:
    """While one file is read (a large one can take longer than ``STALE_PARSE``), a thread marks it and the uploads
    waiting behind it as alive every ``HEARTBEAT``."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(HEARTBEAT.total_seconds()):
            try:
                with Store(settings.db, create=False) as store:
                    _keep_alive(store, waiting, reading)
            except (KBError, OSError, sqlite3.Error) as exc:  # a busy database: the next beat tries again
                _log.warning("could not mark the uploads being read as alive: %s", exc)

    thread = threading.Thread(target=beat, name="kb-upload-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def parse_upload(store: Store, upload_id: int) -> None:
    """Parse one staged file into a scratch store and keep what was understood (or why it failed) on the upload."""
    upload = store.upload(upload_id)
    store.update_upload(upload_id, status="parsing")
    try:
        preview = _preview(Path(upload["staged_path"]))
    except Exception as exc:  # noqa: BLE001 (anything that stops a parse is that file's failure, said on its page)
        _failed(store, upload, f"the file cannot be read ({type(exc).__name__})")
        return
    if isinstance(preview, str):
        _failed(store, upload, preview)
        return
    duplicates = store.sources_with_hash(upload["content_hash"])
    preview["duplicate_of"] = duplicates[0]["key"] if duplicates else None
    store.update_upload(upload_id, status="ready", preview=preview)


def _failed(store: Store, upload: dict[str, Any], message: str) -> None:
    store.update_upload(upload["id"], status="failed", message=message[:500])
    shutil.rmtree(Path(upload["staged_path"]).parent, ignore_errors=True)


def _preview(path: Path) -> dict[str, Any] | str:
    """What ``kb ingest`` understands of a file, from a scratch store; or the reason it cannot be read."""
    with Store(":memory:") as scratch:
        report = ingest(scratch, [path])
        if report.failed or not report.documents:
            problem = report.errors[0] if report.errors else None
            return problem.message if problem else "nothing could be stored"
        if not scratch.has_text():  # a deck of pictures
            return NO_TEXT
        docs = scratch.preview_documents()
        out = []
        for doc in docs[:PREVIEW_DOCUMENTS]:
            doc["authors"] = json.loads(doc["authors"])
            doc["sections"] = scratch.preview_headings(doc.pop("id"))
            out.append(doc)
        kinds: dict[str, list[dict[str, Any]]] = {}
        for lesson in _preview_lessons(scratch):
            kinds.setdefault(lesson.pop("kind"), []).append(lesson)
        counts = scratch.lesson_kind_counts()
        return {"documents": out, "document_count": len(docs), "lessons": kinds, "lesson_counts": counts,
                # the line and the parser's words: a Problem's str() begins with the server's staging path
                "warnings": [{"line": w.line, "message": w.message} for w in report.warnings][:20]}


_LABELLED = re.compile(r"^[^\s:：]{1,20}[:：]")


def _preview_lessons(scratch: Store) -> list[dict[str, Any]]:
    """The lessons read, in the document's order, each whole (the uploader may correct it) with its number in that
    order (``i``, which the publish form's fields name), its problem (a register's 问题描述 / Issue column) and its fix
    where the reading paired them with it, and what names
    it in a correction: its document (``doc``, a register's row, titled ``doc_title``), its section's heading and its
    place in the document (``at``)."""
    rows = scratch.preview_lessons(PREVIEW_LESSONS)
    places: dict[str, int] = {}
    out = []
    for i, r in enumerate(rows):
        at = places[r["doc"]] = places.get(r["doc"], -1) + 1
        fix = r["recommendation"] if r["recommendation"] not in (None, r["text"]) else None
        problem = r["driving_event"] if r["driving_event"] not in (None, r["text"]) else None
        out.append({"i": i, "kind": r["kind"], "text": r["text"], "problem": problem, "fix": fix, "doc": r["doc"], "at": at,
                    "doc_title": r["doc_title"],
                    "section": r["section"],
                    # "解决：…" says what it is; the page's "Fix:" goes before one that does not
                    "fix_labelled": bool(fix and _LABELLED.match(fix))})
    return out


def _stale_cutoff(age: timedelta) -> str:
    return (datetime.now(UTC) - age).isoformat(timespec="seconds")


def expire_stale(store: Store, uploads: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Mark parses that have been "running" for too long (their process stopped) as failed."""
    cutoff = _stale_cutoff(STALE_PARSE)
    for upload in uploads:
        if upload["status"] in ("queued", "parsing") and upload["updated_at"] < cutoff:
            _failed(store, upload, "reading the file was interrupted; upload it again")
            upload.update(store.upload(upload["id"]))
    return uploads


def drop_abandoned(store: Store) -> int:
    """Discard uploads read but neither published nor discarded for ABANDONED_AFTER (their staged files go)."""
    stale = store.abandoned_uploads(_stale_cutoff(ABANDONED_AFTER))
    for upload_id in stale:
        discard(store, store.upload(upload_id))
    return len(stale)


def discard(store: Store, upload: dict[str, Any]) -> None:
    """Drop an upload that was not published (its staged file goes)."""
    shutil.rmtree(Path(upload["staged_path"]).parent, ignore_errors=True)
    store.update_upload(upload["id"], status="discarded")


def _forget_parent_jobs() -> None:
    """In a forked child (a gunicorn worker): the parent's queued reads are the parent's to run (its reading thread did
    not come along), and the lock starts free (it may have been held mid-fork)."""
    global _WAITING_LOCK
    _WAITING_LOCK = threading.Lock()
    _WAITING_HERE.clear()


os.register_at_fork(after_in_child=_forget_parent_jobs)
