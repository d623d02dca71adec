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
