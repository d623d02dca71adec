"""An admin upgrades a store made by an older release (README, Upgrading): the first command says which migrations it
applied and how long they took (they ran silently), and kb check says what the next ingest will do because the parser
changed (a new PARSER_VERSION: every stored file read again), before it is done."""

import json
import sqlite3

import kb.commands.upgrade_plan  # noqa: F401 (imported by kb check when it runs; patched here before)
from kb.migrations import MIGRATIONS, migrate


def _older_store(db_path, last: int = 10):
    """A store as a release that knew only the first ``last`` migrations left it."""
    conn = sqlite3.connect(db_path, isolation_level=None)
    migrate(conn, MIGRATIONS[:last])
    conn.close()


def test_the_first_command_of_a_new_version_says_which_migrations_it_applied(kb, db_path):
    _older_store(db_path)
    result = kb("stats")
    applied = len(MIGRATIONS) - 10
    assert (f"upgraded {db_path} to this version: {applied} migrations applied ({MIGRATIONS[10][0]} … "
            f"{MIGRATIONS[-1][0]}) in ") in result.stderr
    assert "Documents" in result.stdout
    assert "upgraded" not in kb("stats").stderr  # once: the next command has nothing to apply


def test_a_new_store_is_not_said_to_be_upgraded(kb, write):
    write("notes.md", "# Notes\n\n## Went well\n\n- The vendor delivered on time.\n")
    assert "upgrad" not in kb("init").stderr
    assert "upgrad" not in kb("ingest", str(write.base)).stderr


def test_the_search_tables_upgraded_are_said_apart(kb, write, db_path):
    write("notes.md", "# Notes\n\n## Went well\n\n- The vendor delivered on time.\n")
    kb("ingest", str(write.base))
    with sqlite3.connect(db_path) as conn:
        conn.execute("DELETE FROM migrations WHERE name = 'search_0009_table_windows'")
    conn.close()
    said = kb("check").stderr.splitlines()
    assert said[0] == f"upgrading the search tables of {db_path}: 1 migration to apply (some read every chunk) …"
    assert said[1].startswith(f"upgraded the search tables of {db_path} to this version: 1 migration applied "
                              "(search_0009_table_windows) in ")
    assert "upgrad" not in kb("check").stderr


def test_check_says_what_the_next_ingest_reads_again_after_a_new_parser(kb, write, monkeypatch):
    write("a/retro.md", "# Retro\n\n## Went wrong\n\n- The vendor delivered the interfaces five weeks late.\n")
    write("a/more/status.md", "# Status\n\n## Risks\n\n- The data migration slipped a week.\n")
    single = write("b/notes.md", "# Notes\n\n## Went well\n\n- The vendor delivered on time.\n")
    write("b/other.md", "# Other\n\n## Went well\n\n- Not ingested: only notes.md was given.\n")
    kb("ingest", str(write.base / "a"), str(single))
    result = kb("check")
    assert result.stdout.startswith("OK: ") and "upgrade:" not in result.output
    monkeypatch.setattr("ingest.pipeline.PARSER_VERSION", "999")  # the version after an upgrade, as ingest reads it
    monkeypatch.setattr("kb.commands.upgrade_plan.PARSER_VERSION", "999")  # and as kb check names it
    result = kb("check")
    assert result.exit_code == 0  # the index agrees with the store: documents to read again are no disagreement
    lines = [line for line in result.stdout.splitlines() if line.startswith("upgrade: ")]
    assert lines[0].startswith("upgrade: 3 files (3 documents) were read by an older parser than this version's")
    assert "the next 'kb ingest' of them reads them again" in lines[0] and "roughly " in lines[0]
    assert lines[1].endswith(f"then run: kb ingest {write.base / 'a'} {single} (stopped, by a kill or a full disk, "
                             "it loses nothing: run it again to go on)")
    plan = json.loads(kb("check", "--json").stdout)["upgrade"]
    assert (plan["files"], plan["documents"], plan["parser_version"]) == (3, 3, "999")
    single.unlink()
    assert json.loads(kb("check", "--json").stdout)["upgrade"]["missing_files"] == 1
    kb("ingest", str(write.base / "a"))
    assert json.loads(kb("check", "--json").stdout)["upgrade"]["files"] == 0
    assert "upgrade:" not in kb("check").output


def test_check_says_the_disk_the_translations_need_and_when_it_is_short(kb, write, db_path, monkeypatch):
    write("en.md", "# Retro\n\n## Went wrong\n\n- The vendor delivered the interfaces five weeks late.\n")
    write("zh.md", "# 项目复盘\n\n## 问题\n\n- 供应商接口延期五周交付，测试时间被压缩。\n")
    kb("ingest", str(write.base))
    with sqlite3.connect(db_path) as conn:  # as after an upgrade whose migration made the translations' table
        chunks = conn.execute("SELECT count(*) FROM chunks").fetchone()[0]
        conn.execute("DELETE FROM chunks_translated")
    conn.close()
    monkeypatch.setattr("ingest.pipeline.PARSER_VERSION", "999")
    plan = json.loads(kb("check", "--json", ok=False).stdout)["upgrade"]
    assert plan["translations"] == chunks and plan["bytes_needed"] == chunks * 2_500
    monkeypatch.setattr("kb.commands.upgrade_plan.shutil.disk_usage", lambda path: type("Usage", (), {"free": 1000}))
    lines = [line for line in kb("check", ok=False).stderr.splitlines() if line.startswith("upgrade: ")]
    assert f"gives {chunks} chunks their document-side translation; roughly a minute on one core and " in lines[0]
    assert lines[1] == ("upgrade: only 1000 B is free on the database's disk: free some space first (a full disk "
                        "stops the ingest, and what it stored stays usable)")
