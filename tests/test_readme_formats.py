"""README, Documents and lessons: the format table names every extension ingest/parsers.py reads, and no other; and
`kb ingest --help` (and so `kb --help`) and README's "What it does" name each kind of file it reads (the help left out
web page archives and TSV, "What it does" TSV)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from ingest.parsers import PARSERS
from kb.cli import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
# What `kb ingest --help` calls each extension's kind.
KIND = {".md": "Markdown", ".markdown": "Markdown", ".html": "HTML", ".htm": "HTML", ".mht": "web page archives",
        ".mhtml": "web page archives", ".txt": "text", ".csv": "CSV", ".tsv": "TSV", ".jsonl": "JSON lines",
        ".ndjson": "JSON lines", ".xlsx": "XLSX", ".docx": "Word", ".pptx": "PowerPoint", ".pdf": "PDF"}
LEGACY = {".doc", ".ppt", ".xls"}  # refused with "save it as .docx / .pptx / .xlsx"


def _table_extensions() -> set[str]:
    table = README.split("| format | extensions | metadata from |", 1)[1].split("\n\n", 1)[0]
    rows = [line.split(" | ") for line in table.splitlines()[2:]]
    return {ext for row in rows if not row[0].startswith("| Misnamed") for ext in re.findall(r"`(\.[a-z]+)`", row[1])}


def test_the_format_table_names_every_extension_read():
    assert _table_extensions() == set(PARSERS) - {""}


def test_ingest_help_names_every_kind_read():
    shown = " ".join(CliRunner().invoke(cli, ["ingest", "--help"]).output.split())
    assert set(KIND) | LEGACY == set(PARSERS) - {""}, "a new extension: name its kind here and in kb ingest's help"
    assert sorted({kind for kind in KIND.values() if kind not in shown}) == []


def test_what_it_does_names_every_kind_read():
    # README's "What it does" row for ingest/ said lesson registers "(CSV, JSON lines, XLSX)": TSV, which ingest and
    # the format table read, was not there
    [row] = [line for line in README.split("## What it does", 1)[1].splitlines() if line.startswith("| `ingest/` |")]
    assert sorted({kind for kind in KIND.values() if kind not in row}) == []
