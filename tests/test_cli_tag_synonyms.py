"""kb tag synonym add/remove/list, kb tag history and kb tag undo, through the real CLI."""

from __future__ import annotations

import json

import pytest

from kb.cli import cli
from kb.store import Store, Target
from tests.kb.factories import doc, source


@pytest.fixture
def db(db_path):
    with Store(db_path) as store:
        store.save_file(source(), [doc("a", tags=[]), doc("b", tags=[])])
        store.add_tag(Target("document", "a"), "Data migration")
        store.add_tag(Target("document", "b"), "数据迁移")
    return db_path


def _kb(runner, db, *args, code=0):
    result = runner.invoke(cli, ["--db", str(db), *args])
    assert result.exit_code == code, result.output
    return result.output


def test_synonyms_from_the_command_line(runner, db):
    assert "synonyms: data migration = 数据迁移" in _kb(runner, db, "tag", "synonym", "add", "数据迁移", "Data Migration")
    listed = _kb(runner, db, "tag", "synonym", "list")
    assert "Data migration = 数据迁移" in listed
    assert json.loads(_kb(runner, db, "tag", "synonym", "list", "--json"))[0][1] == \
        {"name": "数据迁移", "label": "数据迁移", "uses": 1}
    docs = _kb(runner, db, "docs", "--tag", "数据迁移")
    assert "a" in docs.split() and "b" in docs.split()
    _kb(runner, db, "tag", "synonym", "remove", "数据迁移")
    assert "no synonyms yet" in _kb(runner, db, "tag", "synonym", "list")


def test_synonyms_in_one_argument_are_read_as_on_the_web(runner, db):
    assert "synonyms: data migration = 数据迁移 = 迁移" in \
        _kb(runner, db, "tag", "synonym", "add", "数据迁移 = Data Migration", "迁移")
    assert "give at least two different tag names" in _kb(runner, db, "tag", "synonym", "add", "x = X", code=1)


@pytest.mark.parametrize("args,message", [
    (("tag", "synonym", "add", "x"), "give at least two different tag names"),
    (("tag", "synonym", "remove", "nothing"), "'nothing' has no synonyms"),
    (("tag", "undo", "99"), "no tag change 99"),
])
def test_synonym_and_undo_mistakes_are_said_without_a_traceback(runner, db, args, message):
    output = _kb(runner, db, *args, code=1)
    assert message in output and "Traceback" not in output


def test_a_rename_onto_an_existing_tag_says_it_merged_and_can_be_undone(runner, db):
    assert "merged 'Data migration' into the existing tag '数据迁移'" in \
        _kb(runner, db, "tag", "rename", "Data migration", "数据迁移")
    history = _kb(runner, db, "tag", "history")
    assert "merge" in history and "yes" in history
    change = json.loads(_kb(runner, db, "tag", "history", "--json"))[0]
    assert change["action"] == "merge" and change["undoable"]
    assert "undone: merge 'data migration'" in _kb(runner, db, "tag", "undo", str(change["id"]))
    with Store(db) as store:
        assert {r["label"] for r in store.tags()} == {"Data migration", "数据迁移"}
    assert "has been undone already" in _kb(runner, db, "tag", "undo", str(change["id"]), code=1)


def test_an_empty_tag_history_says_so_instead_of_a_bare_table_header(runner, db_path):
    # It printed only the header line and a row of dashes, as if the table had failed to fill (a fresh corpus: its
    # front-matter tags are no tag changes).
    with Store(db_path) as store:
        store.save_file(source(), [doc("a", tags=["供应商"])])
    assert _kb(runner, db_path, "tag", "history") == "no tag changes yet: kb tag add, rename and merge record them here\n"
