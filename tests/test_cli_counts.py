"""What the kb CLI says about how many: one thing in the singular, amounts grouped by thousands (a new user's walk
through every command, rev19)."""

import pytest

from kb.cli import cli

NOTE = "# Note\n\nThe vendor delivered the interface two weeks late.\n"


@pytest.fixture
def kb(runner, db_path):
    def invoke(*args, code=0):
        result = runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)
        assert result.exit_code == code, result.output
        return result

    return invoke


@pytest.fixture
def one_document(kb, write):
    write("note.md", NOTE)
    kb("ingest", str(write.base))
    return write


def test_backup_and_restore_of_one_document_say_it_in_the_singular(kb, one_document, tmp_path):
    # "Backed up 1 documents", "Restored 1 documents into …; index: 1 chunks"
    assert "Backed up 1 document (" in kb("backup", str(tmp_path / "copy")).output
    restored = kb("--db", str(tmp_path / "restored.db"), "restore", str(tmp_path / "copy")).output
    assert "Restored 1 document into " in restored and "; index: 1 chunk" in restored
    assert "1 chunks" not in restored
