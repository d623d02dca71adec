"""Bringing the search index up to date after a contribution: at once, or for a large file on the process's
indexing thread."""

from __future__ import annotations

import logging
import os
import queue
import threading
from dataclasses import dataclass

from kb.errors import KBError
from kb.settings import Settings
from kb.store import Store
from web.background import Job, Worker
from web.contributions.folder import exclusive

_INDEXER = Worker("kb-upload-index", 8)  # syncs of large publications waiting, one per store at most
_INDEX_WAITING: dict[str, Job] = {}  # store -> its sync that has not started yet
_INDEX_LOCK = threading.Lock()
_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Stored:
    """What a contribution stored, and whether the search index has it yet."""

    keys: list[str]
    indexed: bool | None  # None: being indexed in the background


def index_in_background(settings: Settings) -> Job | None:
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


def _embed_pending(store: Store, settings: Settings) -> None:
    """Embed what the next sync will add, so that the sync (under the lock) finds its vectors in the cache."""
    from search import SearchIndex

    try:
        SearchIndex(store, settings).embed_pending()
    except (KBError, OSError) as exc:
        _log.warning("the new documents could not be embedded ahead of indexing: %s", exc)


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


def _forget_parent_jobs() -> None:
    """In a forked child (a gunicorn worker): the parent's queued syncs are the parent's to run (its indexing thread did
    not come along), and the lock starts free (it may have been held mid-fork)."""
    global _INDEX_LOCK
    _INDEX_LOCK = threading.Lock()
    _INDEX_WAITING.clear()


os.register_at_fork(after_in_child=_forget_parent_jobs)
