"""kb/store/core.py: opening a database, backups, a read-only second connection, transactions, query helpers."""

from __future__ import annotations

import sqlite3
import stat
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kb.errors import StoreError
from kb.store import Store
from kb.store.core import LOCK_NOTICE_AFTER, now


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_now_is_utc_iso_to_the_second():
    stamp = now()
    parsed = datetime.fromisoformat(stamp)
    assert parsed.tzinfo is not None and parsed.utcoffset() == timedelta(0)
    assert parsed.microsecond == 0 and stamp.endswith("+00:00") and len(stamp) == 25
    assert abs(datetime.now(UTC) - parsed) < timedelta(seconds=5)


def test_a_missing_database_is_refused_without_create_and_not_created(tmp_path):
    path = tmp_path / "sub" / "kb.db"
    with pytest.raises(StoreError, match=r"^database .*kb\.db does not exist; run 'kb init' or 'kb ingest' first$"):
        Store(path, create=False)
    assert not path.exists() and not path.parent.exists()


def test_an_existing_database_opens_without_create(db_path):
    Store(db_path).close()
    with Store(db_path, create=False) as again:
        assert again.scalar("SELECT count(*) FROM migrations") > 0


def test_a_new_database_and_its_folders_are_private(tmp_path):
    path = tmp_path / "new" / "deeper" / "kb.db"
    Store(path).close()
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700 and _mode(path.parent.parent) == 0o700


def test_a_database_that_cannot_be_created_names_the_path_and_reason(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder")
    with pytest.raises(StoreError, match=r"^cannot create .*file\.txt/kb\.db: Not a directory$"):
        Store(blocker / "kb.db")


def test_connection_settings(tmp_path):
    with Store(tmp_path / "kb.db", timeout=2.5) as store:
        assert store.scalar("PRAGMA busy_timeout") == 2500
        assert store.scalar("PRAGMA journal_mode") == "wal"
        assert store.scalar("PRAGMA synchronous") == 1  # NORMAL
        assert store.scalar("PRAGMA foreign_keys") == 1
        assert store.conn.isolation_level is None  # transactions are explicit (BEGIN IMMEDIATE)


def test_a_writer_waits_30_seconds_for_a_lock_by_default(store):
    assert store.scalar("PRAGMA busy_timeout") == 30000


def test_an_in_memory_store_creates_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with Store(":memory:") as store:
        assert store.scalar("PRAGMA journal_mode") == "memory"
        assert store.scalar("PRAGMA foreign_keys") == 1
        assert store.scalar("SELECT count(*) FROM migrations") > 0
    assert list(tmp_path.iterdir()) == []


def test_migrate_false_leaves_the_schema_alone(db_path):
    with Store(db_path, migrate=False) as store:
        assert store.scalar("SELECT count(*) FROM sqlite_master") == 0


def test_a_file_that_is_not_a_database_is_named_in_the_message(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_bytes(b"plain text, not SQLite " * 50)
    with pytest.raises(StoreError, match=r"^cannot open .*notes\.db as a Lessons KB database: file is not a database"):
        Store(bad)
    assert bad.read_bytes() == b"plain text, not SQLite " * 50


def test_backup_is_a_complete_private_rollback_journal_copy(store, tmp_path):
    store.start_run(["/data"])
    target = tmp_path / "backups" / "copy.db"
    (tmp_path / "backups").mkdir()
    (tmp_path / "backups" / "copy.db.partial").write_bytes(b"left over from a crash")
    store.backup_to(target)
    assert not (tmp_path / "backups" / "copy.db.partial").exists()
    assert _mode(target) == 0o600
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert copy.execute("SELECT paths FROM ingest_runs").fetchall() == [('["/data"]',)]
    finally:
        copy.close()


def test_backup_creates_a_private_folder_and_replaces_an_older_backup(store, tmp_path):
    target = tmp_path / "new-folder" / "copy.db"
    store.backup_to(target)
    assert _mode(target.parent) == 0o700
    store.start_run(["later"])
    store.backup_to(target)
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("SELECT count(*) FROM ingest_runs").fetchone()[0] == 1
    finally:
        copy.close()


def test_a_backup_of_a_large_database_is_whole(store, tmp_path):
    # more pages than one backup step copies
    with store.transaction():
        store.conn.executemany("INSERT INTO search_log (query, mode, results, at) VALUES (?, 'hybrid', 0, ?)",
                               [("x" * 400 + str(i), now()) for i in range(12_000)])
    target = tmp_path / "copy.db"
    store.backup_to(target)
    copy = sqlite3.connect(target)
    try:
        assert copy.execute("SELECT count(*) FROM search_log").fetchone()[0] == 12_000
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        copy.close()


def test_the_reader_sees_committed_rows_and_cannot_write(tmp_path):
    folder = tmp_path / "a folder #1 ?x"  # spaces, '#' and '?' must be quoted in the URI
    with Store(folder / "kb.db") as store:
        store.start_run(["p"])
        reader = store.reader()
        try:
            assert reader.execute("SELECT count(*) FROM ingest_runs").fetchone()[0] == 1
            assert reader.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
            with pytest.raises(sqlite3.OperationalError, match="readonly"):
                reader.execute("INSERT INTO ingest_runs (started_at, paths) VALUES ('x', '[]')")
            store.start_run(["q"])
            assert reader.execute("SELECT count(*) FROM ingest_runs").fetchone()[0] == 2
            found: list[int] = []
            worker = threading.Thread(target=lambda: found.append(
                reader.execute("SELECT count(*) FROM ingest_runs").fetchone()[0]))
            worker.start()
            worker.join()
            assert found == [2]  # usable from another thread
        finally:
            reader.close()
    assert [p.name for p in tmp_path.iterdir()] == ["a folder #1 ?x"]


def test_each_thread_keeps_its_reader_until_the_store_closes(tmp_path):
    store = Store(tmp_path / "kb.db")
    mine = store.thread_reader()
    assert store.thread_reader() is mine  # kept, with its page cache
    theirs: list[sqlite3.Connection] = []
    worker = threading.Thread(target=lambda: theirs.append(store.thread_reader()))
    worker.start()
    worker.join()
    assert theirs[0] is not mine
    store.start_run(["p"])
    assert mine.execute("SELECT count(*) FROM ingest_runs").fetchone()[0] == 1  # sees what was committed since
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        mine.execute("INSERT INTO ingest_runs (started_at, paths) VALUES ('x', '[]')")
    store.close()
    for reader in (mine, theirs[0]):
        with pytest.raises(sqlite3.ProgrammingError, match="closed"):
            reader.execute("SELECT 1")


def test_close_and_the_context_manager_close_the_connection(db_path):
    store = Store(db_path)
    with store as entered:
        assert entered is store
    with pytest.raises(sqlite3.ProgrammingError):
        store.conn.execute("SELECT 1")
    other = Store(db_path)
    other.close()
    with pytest.raises(sqlite3.ProgrammingError):
        other.scalar("SELECT 1")


def _count(store: Store) -> int:
    return store.scalar("SELECT count(*) FROM ingest_runs")


def _insert(store: Store) -> None:
    store.conn.execute("INSERT INTO ingest_runs (started_at, paths) VALUES ('t', '[]')")


def test_a_transaction_commits_on_success_and_rolls_back_on_error(store):
    with store.transaction() as conn:
        assert conn is store.conn and conn.in_transaction
        _insert(store)
    assert not store.conn.in_transaction and _count(store) == 1
    with pytest.raises(RuntimeError, match="boom"), store.transaction():
        _insert(store)
        raise RuntimeError("boom")
    assert not store.conn.in_transaction and _count(store) == 1
    with pytest.raises(KeyboardInterrupt), store.transaction():
        _insert(store)
        raise KeyboardInterrupt
    assert _count(store) == 1
    with store.transaction():  # the depth was reset: this is a real transaction again
        _insert(store)
    assert _count(store) == 2


def test_a_transaction_is_immediate(store, db_path):
    other = sqlite3.connect(db_path, timeout=0, isolation_level=None)
    try:
        with store.transaction(), pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")  # the write lock is taken at BEGIN, before any write
    finally:
        other.close()


def test_a_nested_transaction_rolls_back_only_its_own_work(store):
    with store.transaction():
        _insert(store)
        with pytest.raises(ValueError), store.transaction():
            _insert(store)
            assert _count(store) == 2
            raise ValueError
        assert store.conn.in_transaction and _count(store) == 1
        with store.transaction():
            _insert(store)
            with store.transaction():
                _insert(store)
        assert store.conn.in_transaction
    assert not store.conn.in_transaction and _count(store) == 3
    assert store.scalar("SELECT count(*) FROM ingest_runs") == 3


def test_an_outer_failure_undoes_committed_inner_work(store):
    with pytest.raises(ValueError), store.transaction():
        with store.transaction():
            _insert(store)
        raise ValueError
    assert _count(store) == 0 and not store.conn.in_transaction


def test_a_transaction_already_rolled_back_by_sqlite_is_not_rolled_back_twice(store):
    with pytest.raises(RuntimeError), store.transaction():
        store.conn.execute("ROLLBACK")
        raise RuntimeError
    with store.transaction():
        _insert(store)
    assert _count(store) == 1


def test_nesting_depth_is_per_thread(store):
    # Another thread on the same connection must not join this thread's transaction as a savepoint (its work
    # would then be committed or rolled back by this thread): its own BEGIN is refused instead.
    errors: list[BaseException] = []

    def other_thread() -> None:
        try:
            with store.transaction():
                pass
        except sqlite3.OperationalError as exc:
            errors.append(exc)

    with store.transaction():
        worker = threading.Thread(target=other_thread)
        worker.start()
        worker.join()
    assert len(errors) == 1 and "within a transaction" in str(errors[0])


def test_rows_row_and_scalar(store):
    for name in ("b", "a"):
        store.conn.execute("INSERT INTO ingest_runs (started_at, paths) VALUES (?, '[]')", [name])
    assert store.rows("SELECT started_at, status FROM ingest_runs ORDER BY started_at") == [
        {"started_at": "a", "status": "running"}, {"started_at": "b", "status": "running"}]
    assert store.rows("SELECT id FROM ingest_runs WHERE started_at = :s", {"s": "a"}) == [{"id": 2}]
    assert store.row("SELECT started_at FROM ingest_runs ORDER BY id") == {"started_at": "b"}
    assert store.row("SELECT * FROM ingest_runs WHERE id = ?", [99]) is None
    assert store.scalar("SELECT started_at, id FROM ingest_runs WHERE id = ?", [2]) == "a"
    assert store.scalar("SELECT id FROM ingest_runs WHERE id = 99") is None
    assert store.scalar("SELECT NULL") is None


def test_a_write_waiting_for_the_lock_is_told_once_and_still_waits_the_whole_timeout(db_path):
    """on_lock_wait is called once a write has waited LOCK_NOTICE_AFTER seconds, with what is left of the wait;
    the write then fails as before (at the store's timeout), and the connection's busy timeout is put back."""
    told: list[float] = []
    store = Store(db_path, timeout=LOCK_NOTICE_AFTER + 0.5, on_lock_wait=told.append)
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(sqlite3.OperationalError, match="locked"), store.transaction() as conn:
            conn.execute("INSERT INTO tags (name) VALUES ('never')")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert told == [pytest.approx(0.5)]
    assert store.scalar("PRAGMA busy_timeout") == (LOCK_NOTICE_AFTER + 0.5) * 1000
    with store.transaction():  # free now: no wait, nothing told
        pass
    assert len(told) == 1 and not store.conn.in_transaction
    store.close()
