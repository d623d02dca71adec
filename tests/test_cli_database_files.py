"""The database file --db names, when it is not what kb expects: another application's SQLite file."""

import functools
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kb import cli_support
from kb.cli import cli
from kb.migrations import MIGRATIONS
from kb.store import Store

FOREIGN = {  # another application's database: tables, and no record of Lessons KB's first migration
    "a table": ["CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)", "INSERT INTO orders VALUES (1, 9.5)"],
    "its own migrations table": ["CREATE TABLE migrations (id INTEGER, migration TEXT, batch INTEGER)",
                                 "INSERT INTO migrations VALUES (1, '2014_create_users', 1)",
                                 "CREATE TABLE users (id INTEGER)"],
}


def _foreign(path, statements):
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("shape", FOREIGN)
@pytest.mark.parametrize("command", [["stats"], ["lessons"], ["init"], ["tag", "list", "--json"]])
def test_another_applications_database_is_refused_and_left_as_it_was(kb, db_path, shape, command):
    before = _foreign(db_path, FOREIGN[shape])
    result = kb(*command, ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"Error: {db_path} is not a Lessons KB database: it holds another application's tables" in result.output
    assert "nothing was changed" in result.output
    assert db_path.read_bytes() == before  # no migration, no WAL switch
    assert not db_path.with_name("kb.db-wal").exists() and (db_path.stat().st_mode & 0o777) != 0o600


def test_ingest_into_another_applications_database_stores_nothing(kb, db_path, write):
    before = _foreign(db_path, FOREIGN["a table"])
    write("retro.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    result = kb("ingest", str(write.base), ok=False)
    assert result.exit_code == 1 and "is not a Lessons KB database" in result.output
    assert db_path.read_bytes() == before


def test_restore_of_another_applications_database_keeps_the_store(kb, db_path, write, tmp_path):
    write("retro.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    kb("ingest", str(write.base))
    backup = tmp_path / "not-a-backup"
    backup.mkdir()
    _foreign(backup / "kb.db", FOREIGN["a table"])
    result = kb("restore", str(backup), "--force", ok=False)
    assert result.exit_code == 1 and f"{backup / 'kb.db'} is not a Lessons KB database" in result.output
    assert '"documents": 1' in kb("stats", "--json").output  # the store it would have replaced


@pytest.mark.parametrize(("command", "documents"), [(["init"], 0), (["ingest", "{docs}", "--no-index"], 1)])
def test_an_empty_file_is_a_new_database_to_the_commands_that_write(kb, db_path, write, command, documents):
    """An empty file is a new database to kb init and kb ingest (the commands that make one), and, made, it is ours."""
    write("retro.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    db_path.touch()
    kb(*[part.format(docs=write.base) for part in command])
    assert f'"documents": {documents}' in kb("stats", "--json").output


@pytest.mark.parametrize("command", [["stats"], ["lessons"], ["docs"], ["errors"], ["tag", "list"]])
def test_an_empty_file_is_no_database_to_the_commands_that_read(kb, db_path, command):
    """A command that only reads leaves an empty file as it is, and says it is no database yet, as of a missing one
    (it made a whole database of it, 336 KB, migrated and switched to WAL)."""
    db_path.touch()
    result = kb(*command, ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"Error: database {db_path} is an empty file: there is no database there yet; run 'kb init' or "
            "'kb ingest' to make one") in result.output
    assert db_path.stat().st_size == 0 and not db_path.with_name("kb.db-wal").exists()


@pytest.fixture
def unwritable_folder(tmp_path):
    """A folder nothing may be added to, as a read-only disk or share is (root ignores modes: chattr +i instead)."""
    folder = tmp_path / "readonly"
    folder.mkdir()
    yield folder
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(folder)], check=False)
    folder.chmod(0o755)


def _make_unwritable(folder):
    if os.geteuid() != 0:
        folder.chmod(0o555)
    elif shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(folder)], check=False).returncode != 0:
        pytest.skip("running as root without chattr +i: no folder can be made unwritable")
    assert not os.access(folder, os.W_OK)


def test_a_database_in_a_folder_that_cannot_be_written_says_so(kb, db_path, write, runner, unwritable_folder):
    write("retro.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    kb("ingest", str(write.base), "--no-index")
    copy = unwritable_folder / "kb.db"
    sqlite3.connect(db_path).backup(target := sqlite3.connect(copy))
    target.close()
    _make_unwritable(unwritable_folder)
    result = runner.invoke(cli, ["--db", str(copy), "stats"])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"Error: cannot open {copy}: its folder {unwritable_folder} cannot be written, and SQLite makes kb.db-wal "
            "and kb.db-shm beside the database to read it too") in result.output  # was "… as a Lessons KB database"


def test_a_database_locked_past_the_wait_is_named_with_what_to_do(kb, db_path, monkeypatch):
    kb("init")
    monkeypatch.setattr(cli_support, "Store", functools.partial(Store, timeout=0.2))  # the real wait is 30 s
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        result = kb("session", "create", "--title", "供应商管理经验分享会", ok=False)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"Error: database {db_path} is locked: another process held its write lock for the whole 30 s wait "
            "(a 'kb ingest', 'kb reindex' or 'kb restore' still running, say); try again") in result.output
    assert "0 sessions" in kb("session", "list").output


def test_restore_from_a_backup_folder_that_cannot_be_written_leaves_the_backup_as_it_was(
        kb, db_path, write, tmp_path, unwritable_folder):
    write("retro.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    kb("ingest", str(write.base))
    kb("backup", str(unwritable_folder), "--force")  # the folder exists: a backup goes into it only with --force
    taken = (unwritable_folder / "kb.db").read_bytes()
    _make_unwritable(unwritable_folder)  # a backup disk mounted read-only
    restored = tmp_path / "restored" / "kb.db"
    result = kb("--db", str(restored), "restore", str(unwritable_folder))  # was: "cannot open …/kb.db: its folder …"
    assert f"Restored 1 document into {restored};" in result.output
    assert (unwritable_folder / "kb.db").read_bytes() == taken  # not switched to WAL, nor migrated, in place
    assert not list(restored.parent.glob("*.partial"))


def test_restore_of_a_file_that_is_no_database_keeps_the_store(kb, db_path, write, tmp_path):
    write("retro.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    kb("ingest", str(write.base))
    backup = tmp_path / "not-a-backup"
    backup.mkdir()
    (backup / "kb.db").write_text("rows of a spreadsheet, saved under the wrong name\n" * 100)
    result = kb("restore", str(backup), "--force", ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"Error: cannot restore {backup / 'kb.db'}: file is not a database" in result.output
    assert '"documents": 1' in kb("stats", "--json").output and not list(tmp_path.glob("*.partial"))


@pytest.mark.parametrize("command", [["stats"], ["ingest", "--no-index"], ["serve", "--port", "1"]])
def test_a_database_a_newer_lessons_kb_migrated_is_refused_and_left_as_it_was(kb, db_path, write, command):
    write("retro.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    kb("ingest", "--no-index", str(write.base))
    conn = sqlite3.connect(db_path, isolation_level=None)
    conn.execute("INSERT INTO migrations VALUES ('9001_from_the_future', '2027-06-01T00:00:00+00:00')")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all of it in kb.db itself, for the comparison below
    conn.close()
    before = db_path.read_bytes()
    result = kb(*command, *([str(write.base)] if command[0] == "ingest" else []), ok=False)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (f"Error: {db_path} was made by a newer Lessons KB: its migration 9001_from_the_future is unknown to this "
            "one") in result.output  # it was read and written as if it were this version's
    assert db_path.read_bytes() == before


def test_kb_serve_refuses_another_applications_database_once_before_its_workers(kb, db_path):
    _foreign(db_path, FOREIGN["a table"])
    result = kb("serve", "--port", "1", ok=False)
    assert result.exit_code == 1 and result.output.startswith(f"Error: {db_path} is not a Lessons KB database")


def test_an_empty_db_option_is_a_usage_error_not_the_current_folder(runner):
    # --db "$KB_PATH" with the variable unset read "cannot open . as a Lessons KB database: unable to open database file"
    result = runner.invoke(cli, ["--db", "", "stats"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Invalid value for '--db' (env var: 'KB_DB'): it is empty; give the database file" in result.output


def test_a_write_waiting_for_the_lock_says_so_on_stderr_before_it_goes_on(kb, db_path):
    """A real second process holds the write lock; the kb process says on stderr that it waits (it waited 30 s in
    silence), keeps stdout for its JSON, and writes once the lock is let go."""
    kb("init")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    command = [sys.executable, "-m", "kb.cli", "--db", str(db_path), "session", "create", "--title", "复盘分享会",
               "--json"]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          cwd=Path(__file__).resolve().parents[1]) as process:
        try:
            said = process.stderr.readline()  # blocks until the line comes: the lock is still held here
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        out, rest = process.communicate(timeout=60)
    assert said.startswith(f"waiting for {db_path}: another kb process is writing to it (an ingest, a reindex, "
                           "a serve); this goes on once it is done, or gives up "), said + rest
    assert process.returncode == 0, rest
    assert json.loads(out)["title"] == "复盘分享会"  # stdout holds the JSON alone
    assert "1 session" in kb("session", "list").output


def _recorded_as(db_path, renames=(), extra=(), drop=()):
    """A store whose migration records are a development build's: names renamed back, a record added, indexes gone
    (what an earlier form of a migration did not make). Returns its bytes (all of it in kb.db)."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    for now, former in renames:
        conn.execute("UPDATE migrations SET name = ? WHERE name = ?", [former, now])
    for name in extra:
        conn.execute("INSERT INTO migrations VALUES (?, '2026-12-02T00:00:00+00:00')", [name])
    for index in drop:
        conn.execute(f"DROP INDEX {index}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return db_path.read_bytes()


@pytest.mark.parametrize("renames, drop, names", [
    ([("0013_contributions", "0012_contributions")], [], "0012_contributions as 0013_contributions"),
    ([("0012_search_topics", "0011_search_topics"), ("0013_contributions", "0010_contributions")], [],
     "0010_contributions as 0013_contributions, 0011_search_topics as 0012_search_topics"),
    ([("0012_search_topics", "0010_search_topics")], ["lessons_review_created", "lessons_created"],
     "0010_search_topics as 0012_search_topics"),
])
def test_a_development_builds_store_is_not_called_newer_and_its_fix_opens_it(kb, db_path, write, renames, drop,
                                                                             names):
    # "was made by a newer Lessons KB: its migration 0012_contributions is unknown": a store of the build before the
    # migrations were renumbered (2026-12-03), the same migration under another number, older than 0019
    write("retro.md", "# Retro\n\n## Went wrong\n- The vendor delivered the interfaces five weeks late.\n")
    kb("ingest", "--no-index", str(write.base))
    schema = sqlite3.connect(db_path).execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall()
    before = _recorded_as(db_path, renames, drop=drop)
    said = kb("docs", ok=False).output
    assert said.startswith(f"Error: {db_path} was made by a development build of Lessons KB, not a newer one: this one "
                           f"knows its migration{'s' if len(renames) > 1 else ''} {names} (renumbered on 2026-12-03)")
    assert "newer Lessons KB" not in said and db_path.read_bytes() == before
    fix = re.search(r'sqlite3 \S+ "(.*)" \(nothing was changed\)', said.replace("\n", " ")).group(1)
    with sqlite3.connect(db_path) as conn:
        conn.executescript(fix)  # what the message says to run
        assert conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name").fetchall() == schema
    conn.close()
    assert [d["key"] for d in json.loads(kb("docs", "--json").stdout)["documents"]] == ["retro.md"]


def test_an_unknown_migration_older_than_the_newest_is_another_builds_not_a_newer_ones(kb, db_path):
    kb("init")
    before = _recorded_as(db_path, extra=["0009_import_from_sharepoint"])
    said = kb("stats", ok=False).output
    assert said.startswith(f"Error: {db_path} was made by another build of Lessons KB, not a newer one: its migration "
                           f"0009_import_from_sharepoint, numbered before this one's newest ({MIGRATIONS[-1][0]}), is "
                           "unknown to this one, which could misread or damage it. Open it with the build that made it")
    assert db_path.read_bytes() == before
