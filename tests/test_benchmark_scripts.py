"""Every benchmark script imports and answers ``--help``: a renamed helper in one script fails here, by name; and
every script, here and in scripts/, reads its arguments with argparse, so that ``--help`` runs nothing."""

from __future__ import annotations

import ast
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


RUNNABLE = sorted(p.relative_to(ROOT).as_posix() for folder in ("benchmarks", "scripts")
                  for p in (ROOT / folder).glob("*.py") if '__name__ == "__main__"' in p.read_text(encoding="utf-8"))


def _parses_arguments(tree: ast.Module) -> bool:
    """Whether a module calls argparse's parse_args (or reader_sets.arguments, which does)."""
    return any(isinstance(node, ast.Call) and (
        isinstance(node.func, ast.Attribute) and node.func.attr in ("parse_args", "parse_known_args")
        or isinstance(node.func, ast.Name) and node.func.id == "arguments") for node in ast.walk(tree))


def test_the_runnable_scripts_are_found():
    assert "benchmarks/second_stage.py" in RUNNABLE and "scripts/make_office_corpus.py" in RUNNABLE


@pytest.mark.parametrize("path", RUNNABLE)
def test_script_reads_its_arguments_with_argparse(path):
    # benchmarks/extraction_ablation.py and office_readers.py ran their benchmark on --help (the first over the frozen
    # split too), scripts/make_office_corpus.py rewrote the corpus's office files, report.py raised KeyError: '--help'.
    assert _parses_arguments(ast.parse((ROOT / path).read_text(encoding="utf-8"))), f"{path} never calls parse_args"
