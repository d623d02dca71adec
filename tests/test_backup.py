"""`kb backup` while the server runs, and `kb restore`: the restored copy searches and keeps curator work."""

from __future__ import annotations

import contextlib
import errno
import importlib
import json
import os
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.store import Store, Target
from tests.test_crash import write_corpus


def run(*args, code=0):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, result.output
    return result.output


def test_backup_under_writes_then_restore_and_search(tmp_path):
    db = tmp_path / "live" / "kb.db"
    folder = tmp_path / "docs"
    write_corpus(folder, n=20)
    run("--db", str(db), "ingest", str(folder))
    with Store(db) as store:
        store.add_tag(Target("document", "crash/doc03"), "keep-me", actor="carl")
        session_id = store.create_session({"title": "备份测试分享会"}, actor="carl")

    stop = threading.Event()

    def writer():  # a curator keeps tagging while the backup runs
        with Store(db) as store:
            n = 0
            while not stop.is_set():  # tag and untag: a document takes at most MAX_TAGS by hand
                store.add_tag(Target("document", "crash/doc04"), f"busy-{n}", actor="carl")
                store.remove_tag(Target("document", "crash/doc04"), f"busy-{n}", actor="carl")
                n += 1

    thread = threading.Thread(target=writer)
    thread.start()
    out = run("--db", str(db), "backup", str(tmp_path / "backup"))
    stop.set()
    thread.join()
    assert "Backed up 20 documents" in out
    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["files"] == ["kb.db", "kb.faiss", "kb.faiss.json"]

    restored = tmp_path / "restored" / "kb.db"
    out = run("--db", str(restored), "restore", str(tmp_path / "backup"))
    assert "Restored 20 documents" in out
    assert "OK:" in run("--db", str(restored), "check")
    hits = json.loads(run("--db", str(restored), "search", "供应商接口交付延期", "--json"))
    assert hits["total"] >= 5
    with Store(restored) as store:
        assert store.scalar("PRAGMA integrity_check") == "ok"
        assert "keep-me" in [t["label"] for t in store.document("crash/doc03")["tags"]]
        assert store.session(session_id)["title"] == "备份测试分享会"
    run("--db", str(restored), "restore", str(tmp_path / "backup"), code=1)  # refuses to overwrite
    run("--db", str(restored), "restore", str(tmp_path / "backup"), "--force")
    run("--db", str(restored), "restore", str(tmp_path), code=1)  # not a backup


def test_backup_refuses_to_replace_an_earlier_backup_unless_forced(tmp_path):
    # kb backup DEST wrote over the backup already in DEST without a word (rev20)
    db, dest = tmp_path / "live" / "kb.db", tmp_path / "backup"
    write_corpus(tmp_path / "docs", n=2)
    run("--db", str(db), "ingest", "--no-index", str(tmp_path / "docs"))
    run("--db", str(db), "backup", str(dest))
    earlier = (dest / "kb.db").read_bytes()
    (dest / "kb.faiss").write_bytes(b"an earlier backup's index")  # this store has none (--no-index)
    run("--db", str(db), "tag", "add", "crash/doc01", "later")
    result = CliRunner().invoke(cli, ["--db", str(db), "backup", str(dest)])
    assert result.exit_code == 1
    assert f"Error: {dest} already holds a backup (kb.db, manifest.json); name a new folder, or add --force to " \
           "replace it" in result.output
    assert (dest / "kb.db").read_bytes() == earlier
    out = run("--db", str(db), "backup", str(dest), "--force")
    assert "Backed up 2 documents" in out
    assert (dest / "kb.db").read_bytes() != earlier
    assert not (dest / "kb.faiss").exists()  # kb restore would have put it beside the new database


def test_restore_puts_back_the_index_of_a_database_not_named_kb_db(tmp_path):
    # A backup of live.db holds live.faiss (the index is named after its database); kb restore looked for kb.faiss,
    # deleted the index beside --db and rebuilt every vector ("repaired 6 vectors that disagreed with the database").
    db, dest, restored = tmp_path / "live" / "live.db", tmp_path / "backup", tmp_path / "restored" / "other.db"
    write_corpus(tmp_path / "docs", n=2)
    run("--db", str(db), "ingest", str(tmp_path / "docs"))
    run("--db", str(db), "backup", str(dest))
    assert json.loads((dest / "manifest.json").read_text())["files"] == ["kb.db", "live.faiss", "live.faiss.json"]
    out = run("--db", str(restored), "restore", str(dest))
    assert out == f"Restored 2 documents into {restored}; index: 6 chunks\n"
    assert (restored.parent / "other.faiss").read_bytes() == (dest / "live.faiss").read_bytes()
    assert json.loads((restored.parent / "other.faiss.json").read_text()) == \
        json.loads((dest / "live.faiss.json").read_text())


def test_a_file_named_for_a_backup_folder_says_what_to_give(tmp_path):
    # "Directory 'backup/kb.db' is a file." (click's words), for kb restore backup/kb.db, the likeliest slip (c-cli)
    db, dest = tmp_path / "live" / "kb.db", tmp_path / "backup"
    write_corpus(tmp_path / "docs", n=1)
    run("--db", str(db), "ingest", "--no-index", str(tmp_path / "docs"))
    run("--db", str(db), "backup", str(dest))
    restored = run("--db", str(tmp_path / "new.db"), "restore", str(dest / "kb.db"), code=2)
    assert restored.endswith(f"Error: Invalid value for 'SRC': '{dest / 'kb.db'}' is a file: give the folder 'kb backup' "
                             "made (it holds kb.db and manifest.json)\n")
    assert not (tmp_path / "new.db").exists()
    backed = run("--db", str(db), "backup", str(db), code=2)
    assert backed.endswith(f"Error: Invalid value for 'DEST': '{db}' is a file: a backup is a folder (kb.db, the index "
                           "and manifest.json go in it): name a new one\n")


def test_restore_shows_progress_while_it_indexes(tmp_path, monkeypatch):
    # a backup of a store ingested with --no-index has no index: kb restore embedded every document in silence
    from tqdm import tqdm

    db, dest, restored = tmp_path / "live" / "kb.db", tmp_path / "backup", tmp_path / "restored" / "kb.db"
    write_corpus(tmp_path / "docs", n=2)
    run("--db", str(db), "ingest", "--no-index", str(tmp_path / "docs"))
    run("--db", str(db), "backup", str(dest))
    moved: dict[str, int] = {}

    def recorded(label, unit):
        def factory(total):
            class Bar(tqdm):
                def update(self, n=1):
                    moved[label] = moved.get(label, 0) + n
                    return super().update(n)

            return Bar(total=total, disable=True)

        return factory

    monkeypatch.setattr("kb.commands.backups.progress_bar", recorded)
    assert run("--db", str(restored), "restore", str(dest)) == f"Restored 2 documents into {restored}; index: 6 chunks\n"
    assert moved["Indexing"] == 2


def _refusing(monkeypatch, module, name, errno_, where):
    """The system refusing ``module.name``'s writes in the backup folder (as /sys, or a folder of another owner's, as
    root cannot be refused here), naming ``where(path)``; any other path written as before."""
    module = importlib.import_module(module)
    done = getattr(module, name)

    def refuse(path, *args, **kwargs):
        if Path(path).name not in ("backup", "kb.db.partial"):
            return done(path, *args, **kwargs)
        raise OSError(errno_, os.strerror(errno_), str(where(path)))
    monkeypatch.setattr(module, name, refuse)


@pytest.mark.parametrize("dest, refuse, said", [
    ("notes.txt/backup", None, ("cannot make the backup folder {dest}: {tmp}/notes.txt is a file, not a folder; name a "
                               "folder you can write to (nothing was written)")),
    ("locked/backup", ("kb.commands.backups", "private_folder", errno.EPERM, lambda p: p),
     ("cannot make the backup folder {dest}: Operation not permitted (no permission to write in {tmp}/locked); name a "
     "folder you can write to (nothing was written)")),
    ("locked/deeper/backup", ("kb.commands.backups", "private_folder", errno.EACCES, lambda p: p.parent),
     ("cannot make the backup folder {dest}: {tmp}/locked/deeper: Permission denied (no permission to write in "
     "{tmp}/locked); name a folder you can write to (nothing was written)")),
    ("readonly", ("kb.store.core", "private_file", errno.EACCES, lambda p: p),
     ("cannot write the backup to {dest}: {dest}/kb.db.partial: Permission denied (no permission to write in {dest}); "
     "it is not whole (run 'kb backup' again into a folder you can write to); the database is unchanged")),
])
def test_a_backup_where_it_cannot_be_written_names_the_path_and_the_reason(tmp_path, monkeypatch, dest, refuse, said):
    # "Error: /sys/x: Operation not permitted": of what, and what to do, was left to guess (c-walk)
    db = tmp_path / "live" / "kb.db"
    write_corpus(tmp_path / "docs", n=1)
    run("--db", str(db), "ingest", "--no-index", str(tmp_path / "docs"))
    (tmp_path / "notes.txt").write_text("not a folder")
    (tmp_path / "readonly").mkdir()
    if refuse:
        _refusing(monkeypatch, *refuse)
    result = CliRunner().invoke(cli, ["--db", str(db), "backup", str(tmp_path / dest)], catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"Error: {said.format(dest=tmp_path / dest, tmp=tmp_path)}\n"


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="a Linux /proc")
def test_a_backup_into_proc_says_that_folder_takes_nothing_new(tmp_path):
    # mkdir in /proc says "No such file or directory" of a folder whose parent is there
    db = tmp_path / "kb.db"
    run("--db", str(db), "init")
    result = CliRunner().invoke(cli, ["--db", str(db), "backup", "/proc/kb-backup"], catch_exceptions=False)
    assert result.exit_code == 1 and result.stderr == (
        "Error: cannot make the backup folder /proc/kb-backup: No such file or directory (/proc takes no new files "
        "or folders); name a folder you can write to (nothing was written)\n")


@pytest.mark.parametrize("db, refuse, said", [
    ("notes.txt/kb.db", None, "{tmp}/notes.txt is a file, not a folder"),
    ("locked/kb.db", ("kb.commands.backups", "private_folder", errno.EPERM, lambda p: p),
     "{tmp}/locked: Operation not permitted (no permission to write in {tmp})"),
])
def test_a_restore_where_it_cannot_be_written_names_the_path_and_the_reason(tmp_path, monkeypatch, db, refuse, said):
    # "Error: /sys/x: Operation not permitted" and "Error: /proc/kb.db.partial: No such file or directory" (c-left)
    write_corpus(tmp_path / "docs", n=1)
    run("--db", str(tmp_path / "live.db"), "ingest", "--no-index", str(tmp_path / "docs"))
    run("--db", str(tmp_path / "live.db"), "backup", str(tmp_path / "backup"))
    (tmp_path / "notes.txt").write_text("not a folder")
    if refuse:
        module, name, errno_, where = refuse
        monkeypatch.setattr(importlib.import_module(module), name,
                            lambda path: (_ for _ in ()).throw(OSError(errno_, os.strerror(errno_), str(where(path)))))
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / db), "restore", str(tmp_path / "backup")],
                                catch_exceptions=False)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"Error: cannot restore into {tmp_path / db}: {said.format(tmp=tmp_path)}; nothing was "
                             "made (give a --db in a folder you can write to)\n")


@pytest.mark.parametrize("kb_db, said", [
    (b"hello", "Error: cannot restore {src}/kb.db: file is not a database; nothing was changed\n"),
    (b"", "Error: {src}/kb.db is an empty database, not a backup made by 'kb backup'; nothing was changed\n"),
    ("CREATE TABLE t (x)", ("Error: {src}/kb.db is not a Lessons KB database: it holds another application's "
                            "tables (t) and no record of migration 0001_initial; nothing was changed\n")),
])
def test_restore_of_no_backup_refuses_before_it_makes_anything(tmp_path, kb_db, said):
    # kb restore of a folder whose kb.db is no Lessons KB database made --db's folders, then refused
    src = tmp_path / "not-a-backup"
    src.mkdir()
    if isinstance(kb_db, bytes):
        (src / "kb.db").write_bytes(kb_db)
    else:
        import sqlite3

        with contextlib.closing(sqlite3.connect(src / "kb.db")) as conn:
            conn.execute(kb_db)
    before = sorted(p.name for p in src.iterdir())
    assert run("--db", str(tmp_path / "new" / "sub" / "kb.db"), "restore", str(src), code=1) == said.format(src=src)
    assert not (tmp_path / "new").exists()
    assert sorted(p.name for p in src.iterdir()) == before  # the backup's folder only read


def test_a_restore_writes_the_search_cache_a_cold_search_starts_from(tmp_path, monkeypatch):
    # kb restore brought the index in line but left the fast-start cache unwritten: on a new machine every cold
    # search paid the full load until a 'kb reindex' (d-truth2)
    from search.fast_start import open_cache

    db = tmp_path / "live" / "kb.db"
    write_corpus(tmp_path / "docs", n=2)
    run("--db", str(db), "ingest", str(tmp_path / "docs"))
    run("--db", str(db), "backup", str(tmp_path / "backup"))
    cache = tmp_path / "new-machine-cache" / "kb.cache"
    monkeypatch.setenv("KB_CACHE_DIR", str(cache))
    run("--db", str(tmp_path / "restored" / "kb.db"), "restore", str(tmp_path / "backup"))
    assert open_cache(cache) is not None
