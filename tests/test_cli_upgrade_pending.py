"""What an upgrade leaves to do, said where it was not: kb search said nothing while files read by an older parser
waited for the ingest that kb check names; kb check counted a register ingested with --map as "read by an older
parser" (the map was not stored, and its signature was computed without it)."""

import sqlite3

import pytest

from kb.parser_version import PARSER_VERSION

RETRO = "# Retro\n\n## Went wrong\n\n- The vendor delivered the interfaces five weeks late.\n"


@pytest.fixture
def ingested(kb, write):
    write("retro.md", RETRO)
    kb("ingest", str(write.base))


def _set_version(db_path, version):
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE sources SET parser_version = ?", [version])
    conn.close()


def test_search_says_in_one_line_that_an_upgrade_is_pending(kb, write, ingested, db_path):
    assert "upgrade" not in kb("search", "vendor late").stderr
    _set_version(db_path, "43")  # as a store read by the release before
    result = kb("search", "vendor late")
    assert result.stderr.count("an upgrade is pending") == 1
    assert "1 file in this store" in result.stderr and "'kb check' says the 'kb ingest'" in result.stderr
    assert "retro.md" in result.stdout  # the search still answers
    kb("ingest", str(write.base))
    assert "upgrade" not in kb("search", "vendor late").stderr  # the upgrade's ingest read it again


def test_a_file_stored_before_versions_were_is_recorded_by_kb_check_when_it_is_current(kb, ingested, db_path):
    _set_version(db_path, None)  # read before migration 0023, by this version's parser: its signature says so
    assert "1 file in this store read before kb recorded which parser" in kb("search", "vendor late").stderr
    assert "upgrade:" not in kb("check").output
    assert "note:" not in kb("search", "vendor late").stderr


def test_an_unchanged_file_read_again_records_its_version(kb, write, ingested, db_path):
    _set_version(db_path, None)
    kb("ingest", str(write.base), "--no-index")  # unchanged: only hashed
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT parser_version FROM sources").fetchall() == [(PARSER_VERSION,)]
    conn.close()


def test_check_counts_a_register_ingested_with_map_as_read_by_this_parser(kb, write, db_path):
    write("reg.csv", "Ref,What we learned\nA1,Freeze scope early.\n")
    kb("ingest", str(write.base), "--map", "lesson=What we learned")
    result = kb("check")
    assert result.stdout.startswith("OK: ") and "upgrade:" not in result.output
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT column_map FROM sources").fetchall() == [('{"lesson": "What we learned"}',)]
    conn.close()


def test_a_file_stored_before_versions_were_by_an_older_parser_is_recorded_so_by_kb_check(kb, ingested, db_path):
    with sqlite3.connect(db_path) as conn:  # read before migration 0023, by a parser whose signature differs
        conn.execute("UPDATE sources SET parser_version = NULL, parser_signature = 'an-older-one'")
    conn.close()
    assert "read before kb recorded which parser" in kb("search", "vendor late").stderr
    assert "upgrade: 1 file (1 document) was read by an older parser" in kb("check").output
    assert "note: an upgrade is pending: 1 file" in kb("search", "vendor late").stderr


def test_a_file_gone_from_disk_is_no_pending_upgrade_after_the_ingest_kb_check_names(kb, write, ingested, db_path):
    write("other.md", RETRO.replace("vendor", "supplier"))
    kb("ingest", str(write.base))
    with sqlite3.connect(db_path) as conn:  # both read by the release before, whose signatures differ
        conn.execute("UPDATE sources SET parser_version = '43', parser_signature = 'an-older-one'")
    conn.close()
    (write.base / "retro.md").unlink()  # moved away since: kb check counts it apart, as no file to read again
    assert "an upgrade is pending: 1 file in this store" in kb("search", "supplier").stderr  # other.md
    assert "1 stored file no longer exists" in kb("check").output
    kb("ingest", str(write.base))  # the upgrade's ingest: other.md read again, retro.md's document left as it was
    assert "upgrade:" not in kb("check").output
    assert "note:" not in kb("search", "supplier").stderr  # was "an upgrade is pending: 1 file", after every search


def test_a_file_read_by_a_newer_parser_is_not_said_older(kb, ingested, db_path):
    newer = str(int(PARSER_VERSION) + 1)  # a store a newer release read, searched with this older kb (a rollback)
    with sqlite3.connect(db_path) as conn:
        conn.execute("UPDATE sources SET parser_version = ?, parser_signature = 'a-newer-one'", [newer])
    conn.close()
    said = kb("search", "vendor late").stderr
    assert f"1 file in this store read by a newer parser (version {newer}) than this kb's ({PARSER_VERSION})" in said
    assert "older parser" not in said and "upgrade is pending" not in said
    check = kb("check").output
    assert f"upgrade: 1 file (1 document) was read by a newer parser than this version's ({PARSER_VERSION})" in check
