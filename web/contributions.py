"""Documents and lessons added from the browser: the managed folder, parsing uploads in the background, publishing,
and lessons recorded without a document.

Everything contributed lives as files under ``<data folder>/uploads/<project>/``, ingested by ``ingest.ingest`` with
that folder as the root, exactly as ``kb ingest kb-data/uploads`` would: a replaced file keeps its documents' keys,
so curator tags and reviews stay. An upload waits in ``uploads/.staging/`` (a hidden folder: never ingested) while
it is parsed into a scratch, in-memory store, so the uploader sees what was understood before anything is stored.
Recorded lessons are rows of ``uploads/<project>/recorded-lessons.jsonl``, a lessons register (one document per
row). Writes to the folder and the store are serialised by a lock file, across processes.
"""

from __future__ import annotations

import contextlib
import fcntl
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
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from ingest import PARSERS, ingest
from ingest.legacy import OLD_OFFICE
from kb.errors import InvalidInput, KBError
from kb.permissions import private_folder, write_private
from kb.settings import Settings
from kb.store import Store
from web.background import Job, Worker

REGISTER_NAME = "recorded-lessons.jsonl"
STAGING = ".staging"
MAX_FILES = 20
NAME_CHARS = 120
STALE_PARSE = timedelta(minutes=10)  # a parse still "running" after this died with its process
HEARTBEAT = STALE_PARSE / 4  # how often a read under way marks itself and the uploads waiting behind it as alive
INDEX_IN_REQUEST = 20  # documents a publication indexes before it answers; a larger file is indexed in the background
ABANDONED_AFTER = timedelta(days=14)  # a read upload nobody published or discarded
PREVIEW_DOCUMENTS = 30
PREVIEW_LESSONS = 200
_UNSAFE_NAME = re.compile(r"[\x00-\x1f\x7f-\x9f/\\:*?\"<>|]+")
_PROCESS_LOCK = threading.Lock()
PARSE_WAITING = 20  # upload batches (up to MAX_FILES files each) waiting to be read, per process; more are refused
_PARSER = Worker("kb-upload-parse", PARSE_WAITING)
_INDEXER = Worker("kb-upload-index", 8)  # syncs of large publications waiting, one per store at most
_INDEX_WAITING: dict[str, Job] = {}  # store -> its sync that has not started yet
_INDEX_LOCK = threading.Lock()
_WAITING_HERE: dict[str, set[int]] = {}  # store -> its uploads queued for this process's reading thread, not started
_WAITING_LOCK = threading.Lock()
_log = logging.getLogger(__name__)


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


# ---- uploads ---------------------------------------------------------------------------------------------------
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
        docs = scratch.rows("SELECT id, key, title, project, doc_type, date, language, authors FROM documents"
                            " ORDER BY id")
        out = []
        for doc in docs[:PREVIEW_DOCUMENTS]:
            doc["authors"] = json.loads(doc["authors"])
            doc["sections"] = scratch.rows("SELECT heading, level FROM sections WHERE document_id = ? ORDER BY"
                                           " position LIMIT 100", [doc.pop("id")])
            out.append(doc)
        lessons = scratch.rows("SELECT kind, text FROM lessons ORDER BY document_id, position LIMIT ?",
                               [PREVIEW_LESSONS])
        kinds: dict[str, list[str]] = {}
        for lesson in lessons:
            kinds.setdefault(lesson["kind"], []).append(lesson["text"][:400])
        counts = {r["kind"]: r["n"] for r in scratch.rows("SELECT kind, count(*) AS n FROM lessons GROUP BY kind")}
        return {"documents": out, "document_count": len(docs), "lessons": kinds, "lesson_counts": counts,
                # the line and the parser's words: a Problem's str() begins with the server's staging path
                "warnings": [{"line": w.line, "message": w.message} for w in report.warnings][:20]}


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


@dataclass(frozen=True)
class Stored:
    """What a contribution stored, and whether the search index has it yet."""

    keys: list[str]
    indexed: bool | None  # None: being indexed in the background


def publish(store: Store, settings: Settings, upload: dict[str, Any], project: str | None,
            corrections: dict[str, str | None], actor: str) -> Stored:
    """Move a parsed upload into its project's folder, ingest it, apply the corrected metadata and update the index.

    A file of that name already in the folder is replaced (its documents keep their keys, tags and reviews). If the
    file cannot be stored, the folder is put back as it was and nothing is stored.

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
        report = ingest(store, [root])
        problems = [p for p in report.errors if p.path == str(target)]
        documents = store.source_documents(str(target))
        if problems or not documents:
            _restore(target, previous)
            _ingest_all(store, settings, [target])
            reason = problems[0].message if problems else "nothing could be stored"
            raise InvalidInput(f"{upload['file_name']}: the file could not be stored: "
                               f"{reason.split(': already used by ')[0]}")  # not the server's path of the other file
        store.claim([d["id"] for d in documents], actor)
        keys = [d["key"] for d in documents]
        if corrections:
            store.set_overrides(keys, corrections, actor=actor)
        store.update_upload(upload["id"], status="published", source_path=str(target))
        shutil.rmtree(Path(upload["staged_path"]).parent, ignore_errors=True)
        if len(keys) > INDEX_IN_REQUEST and _index_in_background(settings) is not None:
            return Stored(keys, None)
        indexed = sync_index(store, settings)
    return Stored(keys, indexed)


def _index_in_background(settings: Settings) -> Job | None:
    """Index a large file's documents on the process's indexing thread (embedding hundreds of register rows takes
    minutes on two cores: the publishing page does not wait for it). A sync of the same store that waits already
    is the one returned: it reads what is stored when it starts, these documents included. None when the queue is
    full (the caller indexes them itself)."""
    key = str(settings.db)
    with _INDEX_LOCK:  # held until the job is recorded: the job's first step takes it off
        waiting = _INDEX_WAITING.get(key)
        if waiting is not None and waiting.is_alive():  # one that ended without starting is no sync to wait for
            return waiting
        try:
            job = _INDEXER.submit(_index_now, settings, key)
        except queue.Full:
            return None
        _INDEX_WAITING[key] = job
        return job


def _index_now(settings: Settings, key: str) -> None:
    with _INDEX_LOCK:
        _INDEX_WAITING.pop(key, None)  # started: what is published from now on needs a sync of its own
    with Store(settings.db, create=False) as store:
        _embed_pending(store, settings)  # minutes, without the lock: it writes only the embedding cache
        with exclusive(settings):  # the index itself is written under the lock, from what is stored now
            sync_index(store, settings)


def _forget_parent_jobs() -> None:
    """In a forked child (a gunicorn worker): the parent's queued reads and syncs are the parent's to run (its
    reading and indexing threads did not come along), and the locks start free (one may have been held mid-fork)."""
    global _PROCESS_LOCK, _INDEX_LOCK, _WAITING_LOCK
    _PROCESS_LOCK, _INDEX_LOCK, _WAITING_LOCK = threading.Lock(), threading.Lock(), threading.Lock()
    _INDEX_WAITING.clear()
    _WAITING_HERE.clear()


os.register_at_fork(after_in_child=_forget_parent_jobs)


def _embed_pending(store: Store, settings: Settings) -> None:
    """Embed what the next sync will add, so that the sync (under the lock) finds its vectors in the cache."""
    from search import SearchIndex

    try:
        SearchIndex(store, settings).embed_pending()
    except (KBError, OSError) as exc:
        _log.warning("the new documents could not be embedded ahead of indexing: %s", exc)


def _restore(target: Path, previous: bytes | None) -> None:
    if previous is None:
        target.unlink(missing_ok=True)
    else:
        write_private(target, previous)


def drop_abandoned(store: Store) -> int:
    """Discard uploads read but neither published nor discarded for ABANDONED_AFTER (their staged files go)."""
    cutoff = (datetime.now(UTC) - ABANDONED_AFTER).isoformat(timespec="seconds")
    stale = store.rows("SELECT id FROM uploads WHERE status IN ('ready', 'failed') AND updated_at < ?", [cutoff])
    for row in stale:
        discard(store, store.upload(row["id"]))
    return len(stale)


def discard(store: Store, upload: dict[str, Any]) -> None:
    """Drop an upload that was not published (its staged file goes)."""
    shutil.rmtree(Path(upload["staged_path"]).parent, ignore_errors=True)
    store.update_upload(upload["id"], status="discarded")


def in_managed_folder(settings: Settings, path: str | None) -> bool:
    """Whether a stored file is one of the managed folder's (a contribution), not one ingested from elsewhere."""
    return bool(path) and Path(path or "").is_relative_to(uploads_root(settings))


def not_contributed(key: str) -> str:
    """The message for a document that was not added from the browser."""
    return f"{key} was not added from the browser: it cannot be withdrawn or edited here"


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
            _rewrite_register(path, key.rsplit("#", 1)[-1], None)
            _ingest_all(store, settings, [path])
        else:
            path.unlink(missing_ok=True)
            if info["source_id"] is not None:
                store.delete_source(info["source_id"])
        with store.transaction():
            store.conn.execute("DELETE FROM document_overrides WHERE key = ?", [key])
        sync_index(store, settings)


def sync_index(store: Store, settings: Settings) -> bool:
    """Bring the search index up to date, so what was added is found at once.

    Returns:
        False when the index could not be updated (the model or the index needs an administrator: what was stored
        stays, and the next ``kb ingest`` or ``kb reindex`` indexes it).
    """
    from search import SearchIndex

    try:
        SearchIndex(store, settings).sync()
    except (KBError, OSError) as exc:
        _log.warning("the search index was not updated after a contribution: %s", exc)
        return False
    return True


# ---- lessons recorded without a document --------------------------------------------------------------------------
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
        _rewrite_register(path, row_id, row)
        new_path = root / project_folder(fields.get("project")) / REGISTER_NAME
        if key is not None and new_path != path:  # moved to another project's register
            _rewrite_register(path, row_id, None)
            private_folder(new_path.parent)
            _rewrite_register(new_path, row_id, row)
        report = _ingest_all(store, settings, [path])
        stored = store.row("SELECT d.id, d.key FROM documents d JOIN sources s ON s.id = d.source_id"
                           " WHERE s.path = ? AND d.key LIKE ?", [str(new_path), f"%#{row_id}"])
        if stored is None:
            _restore(path, before)
            if new_path != path:
                _rewrite_register(new_path, row_id, None)
            _ingest_all(store, settings, [new_path])
            problems = [str(p.message) for p in report.warnings + report.errors if p.path in (str(path), str(new_path))]
            raise InvalidInput(f"the lesson could not be stored: {problems[-1] if problems else 'no lesson text'}")
        store.claim([stored["id"]], actor)
        indexed = sync_index(store, settings)
    return Stored([str(stored["key"])], indexed)


def _ingest_all(store: Store, settings: Settings, registers: list[Path]) -> Any:
    """Ingest the managed folder; a register left with no rows (deleted, or only lines typed in by hand, which
    ingest refuses) has its documents go too."""
    report = ingest(store, [uploads_root(settings)])
    for path in registers:
        source = None if _holds_rows(path) else store.source_by_path(str(path))
        if source is not None:
            store.delete_source(source["id"])
    return report


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


def _rewrite_register(path: Path, row_id: str, row: dict[str, Any] | None) -> None:
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
