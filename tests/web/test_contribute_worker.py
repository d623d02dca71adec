"""Uploads are read by one thread per process, batch after batch, with a bounded queue in front of it: a burst of
uploads starts no thread per batch, and one batch more than the queue holds is refused with a clear message, nothing
of it kept."""

from __future__ import annotations

import os
import threading
import warnings
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kb.store import Store
from tests.conftest import TEST_SECRET_KEY
from tests.web.conftest import USERS, login
from tests.web.test_contribute import RETRO_MD, _upload, _wait
from web.background import Worker
from web.contributions import indexing, staging


@pytest.fixture
def pat(settings):
    with Store(settings.db) as store:
        store.add_user("pat", "contrib-pass-1", "contributor")
    USERS.setdefault("pat", ("contributor", "contrib-pass-1"))
    return settings


@pytest.fixture
def held(monkeypatch):
    """Reading an upload waits until the test lets it go."""
    go = threading.Event()
    real = staging.parse_upload

    def parse_when_let(store, upload_id):
        assert go.wait(timeout=60)
        real(store, upload_id)

    monkeypatch.setattr(staging, "parse_upload", parse_when_let)
    yield go
    go.set()


def _retro(n: int) -> bytes:
    return RETRO_MD.replace("Warehouse move retrospective", f"Warehouse move retrospective {n}").encode()


def test_a_burst_of_uploads_is_read_by_one_thread(client, pat, held):
    before = set(threading.enumerate())
    token = login(client, "pat")
    responses = [_upload(client, token, [(f"retro-{n}.md", _retro(n))]) for n in range(5)]
    assert all(r.status_code == 302 for r in responses)
    readers = [t for t in threading.enumerate() if t.name == "kb-upload-parse" and t not in before]
    assert len(readers) <= 1, readers  # (one a batch before: five threads)
    held.set()
    for n, response in enumerate(responses):
        assert f"Warehouse move retrospective {n}" in _wait(client, response)[1]


def test_a_batch_more_than_the_queue_holds_is_refused_and_nothing_of_it_is_kept(client, pat, held, monkeypatch):
    monkeypatch.setattr(staging, "_PARSER", Worker("kb-upload-parse", 2))
    token = login(client, "pat")
    accepted = [_upload(client, token, [(f"retro-{n}.md", _retro(n))]) for n in range(3)]  # one read, two waiting
    assert all(r.status_code == 302 for r in accepted)
    with Store(pat.db) as store:
        before = store.scalar("SELECT count(*) FROM uploads WHERE status != 'discarded'")
    refused = _upload(client, token, [("late-a.md", _retro(10)), ("late-b.md", _retro(11))])
    assert refused.status_code == 503
    assert refused.headers["Retry-After"] == "120"  # seconds: "upload again in a few minutes", for clients and proxies
    assert "reading many other uploads just now; nothing was kept" in refused.get_data(as_text=True)
    with Store(pat.db) as store:
        assert store.scalar("SELECT count(*) FROM uploads WHERE status != 'discarded'") == before
        late = store.rows("SELECT staged_path FROM uploads WHERE file_name LIKE 'late-%'")
    assert len(late) == 2 and not any(Path(row["staged_path"]).exists() for row in late)
    client.set_cookie("kb_lang", "zh")
    refused = _upload(client, token, [("late-c.md", _retro(12))])
    assert refused.status_code == 503 and "服务器正在读取许多其他上传的文件" in refused.get_data(as_text=True)
    held.set()
    for n, response in enumerate(accepted):
        assert f"Warehouse move retrospective {n}" in _wait(client, response)[1]


def test_a_large_files_indexing_waits_once_for_each_store(pat, monkeypatch, tmp_path, caplog):
    """Indexing large publications in the background: one sync a store waits at most (it reads what is stored when
    it starts, so a later publication rides on it); a sync that has started is not joined."""
    from kb.settings import Settings

    worker = Worker("kb-upload-index", 8)
    monkeypatch.setattr(indexing, "_INDEXER", worker)
    busy, release = threading.Event(), threading.Event()
    worker.submit(lambda: (busy.set(), release.wait(timeout=60)))
    assert busy.wait(timeout=10)
    first = indexing.index_in_background(pat)
    assert indexing.index_in_background(pat) is first  # still waiting: the same sync
    Store(tmp_path / "other.db").close()
    other = indexing.index_in_background(Settings(db=tmp_path / "other.db", secret_key=TEST_SECRET_KEY))
    assert other is not first and worker.waiting() == 2
    release.set()
    assert first.join(timeout=120) and other.join(timeout=120)
    again = indexing.index_in_background(pat)
    assert again is not first and again.join(timeout=120)
    assert not [r for r in caplog.records if r.levelname == "ERROR"]  # each sync ran through


def test_a_batch_waiting_behind_long_reads_is_not_taken_for_an_interrupted_one(client, pat, monkeypatch):
    """A batch that waits in the queue longer than ``STALE_PARSE`` (others' files take that long to read) is still
    alive: its page does not mark it failed as "interrupted" while this process still means to read it."""
    started = [threading.Event(), threading.Event(), threading.Event()]
    go = [threading.Event(), threading.Event(), threading.Event()]
    real, calls = staging.parse_upload, []

    def parse_in_turn(store, upload_id):
        calls.append(upload_id)
        started[len(calls) - 1].set()
        assert go[len(calls) - 1].wait(timeout=60)
        real(store, upload_id)

    monkeypatch.setattr(staging, "parse_upload", parse_in_turn)
    token = login(client, "pat")
    long_batch = _upload(client, token, [("retro-a.md", _retro(1)), ("retro-b.md", _retro(2))])
    waiting = _upload(client, token, [("retro-c.md", _retro(3))])
    assert started[0].wait(timeout=60)
    long_ago = (datetime.now(UTC) - staging.STALE_PARSE - timedelta(minutes=1)).isoformat(timespec="seconds")
    with Store(pat.db) as store:  # the first file has been read for longer than STALE_PARSE (stand-in: its age)
        store.conn.execute("UPDATE uploads SET updated_at = ? WHERE status = 'queued'", [long_ago])
        store.conn.commit()
    go[0].set()
    assert started[1].wait(timeout=60)  # the next file is being read: the third has waited all that time
    page = client.get(waiting.headers["Location"]).get_data(as_text=True)
    assert "reading the file was interrupted" not in page
    for event in go:
        event.set()
    for n, response in ((3, waiting), (1, long_batch)):
        assert f"Warehouse move retrospective {n}" in _wait(client, response)[1]


def test_a_sync_queued_behind_one_stopped_by_systemexit_still_runs(pat, monkeypatch):
    """A job ended by SystemExit ended the indexing thread: the sync waiting behind it stayed recorded as the one to
    ride on, and every later large publication waited on it for ever."""
    worker = Worker("kb-upload-index", 8)
    monkeypatch.setattr(indexing, "_INDEXER", worker)
    busy, release = threading.Event(), threading.Event()

    def leave() -> None:
        busy.set()
        release.wait(timeout=60)
        raise SystemExit(1)

    worker.submit(leave)
    assert busy.wait(timeout=10)
    waiting = indexing.index_in_background(pat)
    release.set()
    assert waiting.join(timeout=60), "the sync behind the stopped job never ran"


def test_a_sync_that_ended_without_starting_is_not_waited_on(pat, monkeypatch):
    worker = Worker("kb-upload-index", 8)
    monkeypatch.setattr(indexing, "_INDEXER", worker)
    ended = worker.submit(lambda: None)
    assert ended.join(timeout=30)
    monkeypatch.setitem(indexing._INDEX_WAITING, str(pat.db), ended)  # its first step never took it off
    fresh = indexing.index_in_background(pat)
    assert fresh is not ended and fresh.join(timeout=120)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_process_does_not_ride_on_its_parents_waiting_sync(pat, monkeypatch):
    """A sync queued in the parent never runs in a forked child (the parent's thread runs it): a child that found it
    recorded would wait on it, and leave its own publications unindexed."""
    worker = Worker("kb-upload-index", 8)
    monkeypatch.setattr(indexing, "_INDEXER", worker)
    busy, release = threading.Event(), threading.Event()
    worker.submit(lambda: (busy.set(), release.wait(timeout=60)))
    assert busy.wait(timeout=10)
    parents = indexing.index_in_background(pat)
    with warnings.catch_warnings():  # Python 3.12+ warns of forking with threads: the fork is the point here
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:
        code = 1
        try:
            code = 0 if indexing.index_in_background(pat) is not parents else 2
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    release.set()
    assert os.waitstatus_to_exitcode(status) == 0, "the child took its parent's waiting sync for its own"
    assert parents.join(timeout=120)


def test_uploads_are_not_taken_for_interrupted_during_one_very_long_read(client, pat, monkeypatch):
    """One file read for longer than ``STALE_PARSE``: neither it nor a batch waiting behind it is marked failed as
    "interrupted" by a page looked at meanwhile (they were marked alive only between files)."""
    monkeypatch.setattr(staging, "HEARTBEAT", timedelta(seconds=0.05))
    started, go = threading.Event(), threading.Event()
    real = staging._preview

    def long_read(path):
        started.set()
        assert go.wait(timeout=60)
        return real(path)

    monkeypatch.setattr(staging, "_preview", long_read)
    token = login(client, "pat")
    reading = _upload(client, token, [("retro-a.md", _retro(1))])
    waiting = _upload(client, token, [("retro-b.md", _retro(2))])
    assert started.wait(timeout=60)
    long_ago = (datetime.now(UTC) - staging.STALE_PARSE - timedelta(minutes=1)).isoformat(timespec="seconds")
    with Store(pat.db) as store:  # the read has gone on for longer than STALE_PARSE (stand-in: the rows' age)
        store.conn.execute("UPDATE uploads SET updated_at = ?", [long_ago])
        store.conn.commit()
        for _ in range(200):  # the heartbeat's next beats
            if not store.scalar("SELECT count(*) FROM uploads WHERE updated_at = ?", [long_ago]):
                break
            threading.Event().wait(0.05)
    pages = [client.get(r.headers["Location"]).get_data(as_text=True) for r in (reading, waiting)]
    assert not [page for page in pages if "reading the file was interrupted" in page]
    go.set()
    for n, response in ((1, reading), (2, waiting)):
        assert f"Warehouse move retrospective {n}" in _wait(client, response)[1]
