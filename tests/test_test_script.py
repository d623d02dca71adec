"""What scripts/test.sh prepares before pytest: the project's packages byte-compiled for the processes the tests start,
and (scripts/ram_temp.sh) a folder in RAM for the tests' temporary files, or none when the place is not a tmpfs, has
too little room, or (for root) cannot take the immutable flag the read-only store tests set; test.sh then leaves
TMPDIR as it was."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "ram_temp.sh"


def test_every_package_of_the_project_is_compiled_before_the_tests():
    """A package left out is compiled from source again by each process that imports it (BENCHMARKS.md, t-trim6)."""
    line = re.search(r"^\S*python -m compileall .*$", (ROOT / "scripts" / "test.sh").read_text(), re.MULTILINE)
    assert line, "scripts/test.sh no longer compiles the project's packages"
    compiled = {word for word in shlex.split(line.group(0)) if (ROOT / word).is_dir()}
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests"}
    assert compiled == packages


def _ram_temp(**env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", str(SCRIPT)], capture_output=True, text=True, timeout=30, check=False,
                          env={**os.environ, **env})


def _tmpfs(path: str) -> bool:
    done = subprocess.run(["stat", "-f", "-c", "%T", path], capture_output=True, text=True, check=False)
    return done.stdout.strip() == "tmpfs"


def test_a_folder_on_a_disk_is_not_taken():
    # The checkout's own folder: on a disk wherever the suite runs (its temporary folders may be in RAM, test.sh's)
    if _tmpfs(str(ROOT)):
        pytest.skip(f"the checkout {ROOT} is itself on a tmpfs")
    made = ROOT / f"lessons-kb-tests-{os.getuid()}"
    try:
        done = _ram_temp(RAM_TEMP_ROOT=str(ROOT), RAM_TEMP_MIN_GB="0")
        assert (done.returncode, done.stdout) == (1, "")
        assert not made.exists()  # nothing made there
    finally:
        if made.is_dir():
            made.rmdir()


@pytest.mark.skipif(not _tmpfs("/dev/shm"), reason="/dev/shm is not a tmpfs on this machine")
def test_a_tmpfs_with_room_gives_a_private_folder_of_its_own():
    done = _ram_temp(RAM_TEMP_ROOT="/dev/shm", RAM_TEMP_MIN_GB="0")
    assert done.returncode == 0, done.stderr
    folder = Path(done.stdout.strip())
    assert folder == Path("/dev/shm") / f"lessons-kb-tests-{os.getuid()}"
    assert folder.is_dir() and folder.stat().st_mode & 0o777 == 0o700
    assert not list(folder.glob("immutable.*"))  # root's probe of chattr +i is gone


@pytest.mark.skipif(not _tmpfs("/dev/shm"), reason="/dev/shm is not a tmpfs on this machine")
def test_a_tmpfs_with_too_little_room_is_not_taken():
    done = _ram_temp(RAM_TEMP_ROOT="/dev/shm", RAM_TEMP_MIN_GB=str(10**7))  # ten petabytes
    assert (done.returncode, done.stdout) == (1, "")


def test_the_asserts_rewritten_before_the_run_are_what_pytest_reads(tmp_path):
    """scripts/rewrite_tests.py writes pytest's own cache of a rewritten test module; a pytest run that may not write
    bytecode (PYTHONDONTWRITEBYTECODE=1, as test.sh's workers) reads it instead of rewriting the module again, and its
    asserts still say what they compared."""
    module = tmp_path / "tests" / "test_cached.py"
    module.parent.mkdir()
    module.write_text("def test_sum():\n    total = 1 + 1\n    assert total == 3\n", encoding="utf-8")
    assert "scripts/rewrite_tests.py tests" in (ROOT / "scripts" / "test.sh").read_text()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    made = subprocess.run([sys.executable, str(ROOT / "scripts" / "rewrite_tests.py"), "tests"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False, env=env)
    assert made.returncode == 0 and "1 of 1 test modules rewritten" in made.stderr, made.stderr
    debug = tmp_path / "debug.log"
    run = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", f"--debug={debug}",
                          str(module)], cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False, env=env)
    assert run.returncode == 1 and "assert 2 == 3" in run.stdout, run.stdout
    trace = debug.read_text(encoding="utf-8")
    assert f"found cached rewritten pyc for {module}" in trace and f"rewriting {module!r}" not in trace
