"""Text fields people type (kb.fields), and the CLI refusing what no tag means (issue 15, item 12)."""

from __future__ import annotations

import json

import pytest

from ingest import ingest
from kb.cli import cli
from kb.errors import InvalidInput
from kb.fields import text_field
from kb.store import Store


@pytest.mark.parametrize("value, multiline, words", [
    ({"x": 1}, False, "'f' must be text, not an object"),
    (3, True, "must be text, not a number"),
    (False, False, "must be text, not true/false"),
    ("a\ud800", False, "lone UTF-16 surrogate"),
    ("a\x00", True, "control character (U+0000)"),
    ("a\nb", False, "control character (U+000A)"),
    ("a\x85", True, "control character (U+0085)"),
    ("x" * 11, False, "a text of 11 characters, longer than the 10 allowed"),
])
def test_text_field_refuses_naming_the_field(value, multiline, words):
    with pytest.raises(InvalidInput, match="'f'") as caught:
        text_field(value, "f", limit=10, multiline=multiline)
    assert words in str(caught.value)


@pytest.mark.parametrize("value, multiline, expected", [
    (None, False, None), ("  tag\tname ", False, "tag\tname"), ("line 1\r\nline 2", True, "line 1\r\nline 2"),
    ("供应商 🙂", False, "供应商 🙂"),
])
def test_text_field_accepts_plain_text(value, multiline, expected):
    assert text_field(value, "f", limit=20, multiline=multiline) == expected


@pytest.mark.parametrize("name, words", [("a\x00b", "control character"), ("\udcff", "surrogate"),
                                         ("x\n", "control character")])
def test_cli_tag_add_refuses_nul_and_undecodable_names(runner, tmp_path, name, words):
    db = tmp_path / "kb.db"
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("---\nid: a\n---\n# A\n\n## Lessons learned\n- One.\n", encoding="utf-8")
    with Store(db) as store:
        ingest(store, [docs])
    result = runner.invoke(cli, ["--db", str(db), "tag", "add", "a", name])
    assert result.exit_code == 1 and words in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert json.loads(runner.invoke(cli, ["--db", str(db), "tag", "list", "--json"]).output) == []
