"""Every benchmark script imports and answers ``--help``: a renamed helper in one script fails here, by name."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = sorted(p.stem for p in (ROOT / "benchmarks").glob("*.py") if p.stem != "__init__")


def test_the_list_is_not_empty():
    assert len(SCRIPTS) > 30


@pytest.mark.parametrize("name", SCRIPTS)
def test_script_imports(name):
    importlib.import_module(f"benchmarks.{name}")


@pytest.mark.parametrize("name", ["second_stage", "baselines", "extraction", "search_bench", "annotator_agreement"])
def test_script_answers_help(name):
    result = subprocess.run([sys.executable, "-m", f"benchmarks.{name}", "--help"], cwd=ROOT, capture_output=True,
                            text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "usage" in result.stdout.lower()
