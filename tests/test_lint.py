"""The code base stays lint-clean: ruff (pinned in the test extras) under pyproject.toml's settings; the documents
hold no stray control characters."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_ruff_finds_nothing():
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, f"ruff check . found problems:\n{result.stdout}{result.stderr}"


def test_the_documents_hold_no_stray_control_characters():
    # A backspace pasted with a terminal's output shows as nothing, or as a box, on GitHub and in editors.
    stray = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
    found = []
    for path in sorted(ROOT.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}:{text.count(chr(10), 0, m.start()) + 1}: {m.group()!r}" for m in stray.finditer(text)]
    assert not found, found


def test_no_merge_conflict_markers_are_left():
    # A docstring kept "<<<<<<< HEAD … >>>>>>> e-cues" after a merge (benchmarks/extraction.py): ruff reads it as text.
    marker = re.compile(r"^(<{7} |={7}$|>{7} )", re.MULTILINE)
    tracked = subprocess.run(["git", "ls-files", "*.py", "*.md", "*.html", "*.toml", "*.sh"], cwd=ROOT,
                             capture_output=True, text=True, check=False).stdout.split()
    assert "tests/test_lint.py" in tracked, "git ls-files listed nothing: no file was looked at"
    found = [name for name in tracked
             if (ROOT / name).is_file() and marker.search((ROOT / name).read_text(encoding="utf-8", errors="replace"))]
    assert not found, found
