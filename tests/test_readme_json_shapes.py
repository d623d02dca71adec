"""README, The CLI, `--json`: the shapes table says which commands print a list and which one object; each command
run here prints the shape its row says (the table had `kb similar` among the lists, while it prints an object with
`items`, as `GET /api/lessons/<id>/similar` answers)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.test_cli import RETRO  # one ingested retrospective, as the CLI's tests use it

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
SHAPES = {"a list": list, "one thing": dict}

# The commands of the two rows that run on a fresh store without further set-up, as the table names them.
RUNS = {
    "similar": ["similar", "--text", "vendor interface delivered late"],
    "config": ["config"],
    "tag list": ["tag", "list"],
    "tag history": ["tag", "history"],
    "tag synonym list": ["tag", "synonym", "list"],
    "subscribers list": ["subscribers", "list"],
    "user list": ["user", "list"],
    "show": ["show", "erp/retro"],
    "stats": ["stats"],
    "check": ["check"],
    "errors": ["errors"],
}


def _row(shape: str) -> str:
    rows = [line for line in README.splitlines() if line.startswith(f"| {shape}")]
    assert len(rows) == 1, shape
    return rows[0].split(" | ", 1)[1]


def _named(row: str) -> set[str]:
    """The commands a row names at the start of each of its comma-separated items: `tag list` (every tag; …)."""
    return {m.group(1) for m in re.finditer(r"(?:^|, )`([a-z][a-z ]*)`", row)}


def test_the_rows_name_each_command_checked_here_once():
    named = {shape: _named(_row(shape)) & RUNS.keys() for shape in SHAPES}
    assert named["a list"] | named["one thing"] == RUNS.keys()
    assert not named["a list"] & named["one thing"]


@pytest.fixture
def ingested(kb, write):
    write("erp/retro.md", RETRO)
    kb("ingest", str(write.base))


@pytest.mark.parametrize("shape", SHAPES)
def test_each_command_prints_the_shape_its_row_says(kb, ingested, shape):
    for command in sorted(_named(_row(shape)) & RUNS.keys()):
        printed = json.loads(kb(*RUNS[command], "--json").stdout)
        assert isinstance(printed, SHAPES[shape]), (command, shape)
