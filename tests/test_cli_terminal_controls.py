"""A document's control characters never reach the terminal: the real ``kb`` command on a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ingest import ingest
from kb.store import Store
from kb.terminal import terminal_text

ROOT = Path(__file__).resolve().parent.parent
# Escapes that decode to control characters after the file's bytes were cleaned: YAML's \e and \a, HTML's &#27;,
# JSON's \u001b (set-title, clear-screen and clipboard codes)
MARKDOWN = '---\ntitle: "Esc \\e]0;PWNED\\a title"\nproject: "P \\e[2J"\n---\n# Retro\n\n## Lessons learned\n- Late.\n'
HTML = ("<html><head><title>t</title></head><body><h1>Supplier retro</h1><h2>Lessons learned</h2>"
        "<ul><li>Supplier slipped &#27;]52;c;ZXZpbA==&#7; again</li></ul></body></html>")
JSONL = '{"lesson": "Escaped \\u001b[2J vendor slip", "project": "J\\u001b]0;X\\u0007", "title": "reg"}\n'


def _on_a_terminal(*args: str, env: dict[str, str] | None = None) -> bytes:
    """What ``python -m kb.cli ARGS`` writes to a pseudo-terminal (standard output and error both)."""
    master, slave = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "kb.cli", *args], stdout=slave, stderr=slave, cwd=ROOT,
                               env={**os.environ, "NO_COLOR": "", **(env or {})})
    os.close(slave)
    out = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        out += chunk
    os.close(master)
    assert process.wait(timeout=60) == 0, out
    return out


@pytest.fixture
def hostile_db(tmp_path) -> Path:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "e.md").write_text(MARKDOWN, encoding="utf-8")
    (docs / "h.html").write_text(HTML, encoding="utf-8")
    (docs / "r.jsonl").write_text(JSONL, encoding="utf-8")
    with Store(tmp_path / "kb.db") as store:
        ingest(store, [docs])
    # ingest takes control characters out since PARSER_VERSION 53 (ingest/pipeline.py); a store written before keeps
    # what its files said, as here, and the terminal must still be safe from it
    with sqlite3.connect(tmp_path / "kb.db") as db:
        db.execute("UPDATE documents SET title = ?, project = ? WHERE key = 'e.md'",
                   ["Esc \x1b]0;PWNED\x07 title", "P \x1b[2J"])
        db.execute("UPDATE lessons SET text = replace(replace(text, ']52;c;ZXZpbA==', ?), '[2J vendor slip', ?)",
                   ["\x1b]52;c;ZXZpbA==\x07", "\x1b[2J vendor slip"])
        stored = [r[0] for r in db.execute("SELECT title FROM documents")]
        texts = " ".join(r[0] for r in db.execute("SELECT text FROM lessons"))
    assert any("\x1b]0;" in title for title in stored) and "\x1b]52;" in texts and "\x1b[2J" in texts
    return tmp_path / "kb.db"


def test_documents_cannot_drive_the_terminal(hostile_db):
    shown = _on_a_terminal("--db", str(hostile_db), "docs") + _on_a_terminal("--db", str(hostile_db), "show", "e.md")
    shown += _on_a_terminal("--db", str(hostile_db), "lessons")
    assert b"PWNED" in shown and b"ZXZpbA==" in shown and b"vendor slip" in shown  # the text is there
    assert b"\x1b]" not in shown and b"\x1b[2J" not in shown and b"\x07" not in shown, shown


def test_a_terminal_of_ascii_is_guarded_too(hostile_db):
    """On a stream whose encoding is ASCII click writes UTF-8 to its bytes (``sys.stdout.buffer``), past the text
    stream guard_terminal wraps: ESC ]0; and ESC [2J reached the terminal (r-review)."""
    shown = _on_a_terminal("--db", str(hostile_db), "docs", env={"PYTHONIOENCODING": "ascii"})
    shown += _on_a_terminal("--db", str(hostile_db), "lessons", env={"PYTHONIOENCODING": "ascii"})
    assert b"PWNED" in shown and b"vendor slip" in shown
    assert b"\x1b]" not in shown and b"\x1b[2J" not in shown and b"\x07" not in shown, shown


def test_output_to_a_pipe_is_left_as_it_is(hostile_db):
    """An export or a script reading ``kb docs`` gets the stored text byte for byte."""
    piped = subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(hostile_db), "docs"], cwd=ROOT,
                           capture_output=True, check=True).stdout
    assert b"\x1b]0;PWNED\x07" in piped


@pytest.mark.parametrize(("text", "shown"), [
    ("a\x1b]0;t\x07b", "a]0;tb"), ("\x1b[2Jx", "[2Jx"), ("\x1b[1mbold\x1b[0m", "\x1b[1mbold\x1b[0m"),
    ("tab\tline\nret\r", "tab\tline\nret\r"), ("nul\x00del\x7fc1\x9b", "nuldelc1"), ("中文 ok", "中文 ok"),
])
def test_terminal_text_keeps_colour_codes_and_drops_other_controls(text, shown):
    assert terminal_text(text) == shown
