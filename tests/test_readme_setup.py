"""README, Set up and run: scripts/bootstrap.sh (which run.sh and test.sh call) makes .venv on a machine with Python
alone, and a run that failed half-way on one without Python's venv support (Debian or Ubuntu without python3-venv)
is not stuck: it left a .venv without pip, which the next run skipped, failing on "No module named pip"."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A python3 whose venv module cannot install pip, as Debian's without python3-venv: it says so and fails.
FAKE_PYTHON = """#!/usr/bin/env bash
if [ "$1" = "--version" ]; then echo "Python 3.11.2"; exit 0; fi
echo "$*" >> "$(dirname "$0")/asked"
echo "The virtual environment was not created successfully because ensurepip is not available." >&2
exit 1
"""


def _project(tmp_path: Path) -> Path:
    """A copy of the files bootstrap.sh reads, with the fake python3 beside them."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "bootstrap.sh", tmp_path / "scripts" / "bootstrap.sh")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    fake = tmp_path / "fake-python3"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(0o755)
    return fake


def _bootstrap(tmp_path: Path, fake: Path) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(tmp_path / "scripts" / "bootstrap.sh")], capture_output=True, text=True,
                          timeout=60, check=False, env={**os.environ, "PYTHON": str(fake)})


def test_a_venv_left_without_pip_is_made_again(tmp_path):
    fake = _project(tmp_path)
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / ".venv")], check=True, timeout=60)
    done = _bootstrap(tmp_path, fake)
    assert done.returncode == 1
    assert (tmp_path / "asked").read_text().split("\n")[0] == "-m venv --clear .venv"
    assert "python3-venv" in done.stderr and "No module named pip" not in done.stderr


def test_a_venv_with_pip_is_kept(tmp_path):
    fake = _project(tmp_path)
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/usr/bin/env bash\nexec "{sys.executable}" "$@"\n')  # this interpreter has pip
    python.chmod(0o755)
    stamp = hashlib.sha256((tmp_path / "pyproject.toml").read_bytes()
                           + (tmp_path / "scripts" / "bootstrap.sh").read_bytes()).hexdigest()[:16]
    (tmp_path / ".venv" / ".kb-installed").write_text(stamp + "\n")
    done = _bootstrap(tmp_path, fake)
    assert done.returncode == 0, done.stderr
    assert not (tmp_path / "asked").exists() and python.exists()
