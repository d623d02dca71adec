"""A store that cannot be written: a read-only file, a full disk. SQLite said "attempt to write a readonly database" or
"disk I/O error", a backup blamed the database it read, and a write that named no file was a traceback.

A full disk is made two real ways: SQLite's own page limit (PRAGMA max_page_count: SQLITE_FULL, as on a full disk)
and a process that may not grow any file (RLIMIT_FSIZE 0: every write fails with EFBIG, as the disk refuses it)."""

import functools
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kb import cli_support
from kb.store import Store

ROOT = Path(__file__).resolve().parents[1]
RETRO = "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n"
REFUSED = ("the disk refused a write (a full disk, a file size limit, or a failing disk): the change that needed the "
           "space was not made (what was stored before stays whole); free some space and run the command again\n")


@pytest.fixture
def read_only(db_path):
    """Makes the database file read-only (root ignores modes: chattr +i instead); undone after the test."""
    made = []

    def make() -> None:
        if os.geteuid() != 0:
            db_path.chmod(0o444)
        elif shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(db_path)], check=False).returncode != 0:
            pytest.skip("running as root without chattr +i: no file can be made read-only")
        made.append(db_path)
        assert not os.access(db_path, os.W_OK)

    yield make
    for path in made:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", str(path)], check=False)
        path.chmod(0o600)


def test_a_store_file_that_cannot_be_written_says_so_and_is_still_read(kb, db_path, write, read_only):
    write("retro.md", RETRO)
    kb("ingest", "--no-index", str(write.base))
    read_only()
    result = kb("tag", "add", "retro.md", "供应商管理", ok=False)  # was "attempt to write a readonly database"
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"Error: database {db_path} cannot be written: the file is read-only (its permissions, an "
                             "immutable flag, or a read-only disk); commands that only read it work; nothing was "
                             "changed\n")
    assert [d["key"] for d in json.loads(kb("docs", "--json").stdout)["documents"]] == ["retro.md"]
    assert "; read-only: searches and listings work, but ingest, tags" in kb("init").stdout  # was "Database ready"


def _page_limited(path, **kwargs):
    """A store that may not grow by a page: SQLite's own SQLITE_FULL, as when the disk is full."""
    store = Store(path, **kwargs)
    store.conn.execute(f"PRAGMA max_page_count = {store.scalar('PRAGMA page_count')}")
    return store


def test_an_ingest_that_fills_the_disk_says_so_and_kb_errors_that_the_run_did_not_finish(kb, db_path, write,
                                                                                         monkeypatch):
    kb("init")
    write("retro.md", RETRO * 200)
    monkeypatch.setattr(cli_support, "Store", functools.partial(_page_limited))
    result = kb("ingest", "--no-index", str(write.base), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert result.stderr.endswith(f"Error: database {db_path}: the disk is full: the change that needed the space was "
                                  "not made (what was stored before stays whole); free some space and run the "
                                  "command again\n")  # was "database or disk is full", after the progress bar
    monkeypatch.undo()
    said = kb("errors").stderr  # was "0 problems" alone, then "Run 1 has not finished: it is still running, or ..."
    stopped = ("Run 1 stopped before it read every file: the disk is full; free some space and 'kb ingest' again "
               "reads the files it did not (those read before are stored, each whole).")
    assert said.endswith(f"{stopped}\n")
    run = json.loads(kb("errors", "--json").stdout)
    assert (run["run"], run["status"], run["reason"], run["message"]) == (1, "stopped", "the disk is full", stopped)
    assert "1 added" in kb("ingest", "--no-index", str(write.base)).stdout  # space again: it is read


def _no_file_may_grow() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))


def _on_a_full_disk(db_path, *args):
    """kb in a real process that cannot write a byte to any file, while this one holds the database open (its -wal
    and -shm files exist, so opening it writes nothing; the first write fails)."""
    holder = sqlite3.connect(db_path)
    holder.execute("SELECT count(*) FROM tags").fetchall()
    try:
        return subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(db_path), *args], capture_output=True,
                              check=False, text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                              preexec_fn=_no_file_may_grow, timeout=120)
    finally:
        holder.close()


def test_a_write_the_disk_refuses_is_one_line_and_json_output_stays_empty(kb, db_path):
    kb("init")
    result = _on_a_full_disk(db_path, "session", "create", "--title", "供应商管理分享会", "--json")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"Error: database {db_path}: {REFUSED}"  # was "database …: disk I/O error"
    assert "0 sessions" in kb("session", "list").stderr


def test_kb_init_on_a_full_disk_leaves_no_empty_secret_key_file(kb, db_path):
    kb("init")
    key = db_path.parent / "secret_key"
    key.unlink()
    result = _on_a_full_disk(db_path, "init")
    assert result.returncode == 1 and "Traceback" not in result.stderr  # it was OSError: [Errno 27] File too large
    assert result.stderr == (f"Error: cannot write the secret key file {key}: File too large; none was made, and "
                             "'kb init' makes it once there is space\n")
    assert not key.exists()  # an empty one was left: 'kb init' took it for made, 'kb serve' for no key
    assert f"Secret key made: {key}" in kb("init").stdout and len(key.read_text().strip()) == 64


def test_a_backup_onto_a_full_disk_names_the_backup_and_leaves_no_half_of_it(kb, db_path, write, tmp_path):
    write("retro.md", RETRO)
    kb("ingest", "--no-index", str(write.base))
    dest = tmp_path / "backup"
    result = _on_a_full_disk(db_path, "backup", str(dest))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == (f"Error: cannot write the backup to {dest}: the disk refused a write (a full disk, a file "
                             "size limit, or a failing disk); it is not whole (run 'kb backup' again once there is "
                             "space); the database is unchanged\n")  # was "database {db_path}: disk I/O error"
    assert list(dest.iterdir()) == []  # no kb.db.partial
    assert "Backed up 1 document" in kb("backup", str(dest)).stdout


def test_a_restore_onto_a_full_disk_says_the_target_is_as_it_was(kb, db_path, write, tmp_path):
    write("retro.md", RETRO)
    kb("ingest", "--no-index", str(write.base))
    kb("backup", str(tmp_path / "backup"))
    target = tmp_path / "restored" / "kb.db"
    target.parent.mkdir()
    result = _on_a_full_disk(db_path, "--db", str(target), "restore", str(tmp_path / "backup"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr == (f"Error: cannot restore into {target}: the disk refused a write (a full disk, a file size "
                             "limit, or a failing disk); nothing was made\n")  # was "cannot restore {backup}/kb.db"
    assert list(target.parent.iterdir()) == []


def test_a_digest_preview_on_a_full_disk_says_which_write_failed(kb, db_path, tmp_path):
    kb("init")  # the secret key the preview's links are signed with
    first = _on_a_full_disk(db_path, "digest", "preview")  # its first run adds the search index's tables
    assert first.stderr == f"Error: database {db_path}: {REFUSED}"  # was "cannot rollback - no transaction is active"
    kb("digest", "preview")
    html = tmp_path / "digest.html"
    result = _on_a_full_disk(db_path, "digest", "preview", "--html", str(html))
    assert result.returncode == 1 and "Traceback" not in result.stderr  # it was OSError: [Errno 27] File too large
    assert result.stderr.endswith(f"Error: cannot write {html}: File too large\n")


def test_a_store_the_disk_will_not_let_be_opened_says_the_disk_refused_not_that_it_is_no_database(kb, db_path):
    kb("init")  # its last connection closed: the -wal and -shm files are gone, and opening it must make them again
    assert not (db_path.parent / f"{db_path.name}-shm").exists()
    result = subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(db_path), "tag", "list", "--json"],
                            capture_output=True, check=False, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=_no_file_may_grow, timeout=120)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (f"Error: cannot open {db_path}: the disk refused a write (a full disk, a file size limit, "
                             f"or a failing disk) while opening it (SQLite writes {db_path.name}-wal and "
                             f"{db_path.name}-shm beside it even to read); nothing was changed; free some space and "
                             "run the command again\n")  # was "cannot open … as a Lessons KB database: disk I/O error"
    assert kb("tag", "list", "--json").stdout.strip() == "[]"  # space again: it opens


def test_an_ingest_whose_changes_the_database_file_cannot_take_in_says_where_they_are(kb, write, db_path):
    # An upgrade under a file size limit ended "OK" with 64 MB of its changes in kb.db-wal: SQLite's checkpoints fail
    # silently, and the file could not grow to take them (BENCHMARKS.md, "Upgrading a real-sized store").
    write("first.md", "# Notes\n\n## Went well\n\n- The vendor delivered on time.\n")
    kb("ingest", "--no-index", str(write.base))
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the file holds everything, the -wal is empty
    conn.close()
    limit = db_path.stat().st_size + 4096  # the database file may not grow by more than a page

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))

    rows = "".join(f"R{i},Lesson {i},Freeze the scope of release {i} before the vendor starts building it.\n"
                   for i in range(150))
    write("register.csv", "id,title,lesson\n" + rows)  # one file: one transaction, its pages once in the -wal
    result = subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(db_path), "ingest", "--no-index",
                             str(write.base)], capture_output=True, check=False, text=True, cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, preexec_fn=limited, timeout=120)
    assert result.returncode == 1 and "(151 documents): 1 added" in result.stdout, result.stderr
    assert result.stderr.startswith(f"Error: database {db_path}: the changes are stored, but in kb.db-wal (")
    assert "Keep kb.db-wal beside it (it is part of the database: the changes are lost without it)" in result.stderr
    assert "Documents        151" in kb("stats").stdout  # nothing lost: without the limit they are all there
