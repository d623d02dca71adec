"""pyproject.toml's warning filters: a static file a test server dropped as it stopped is no error, whenever the
collector frees it (tests/conftest.py's serving() leaves it to the collector); any other file left open still is."""

from __future__ import annotations

import re
import subprocess
import sys

from tests.conftest import ROOT

DROPS = '''
import gc
from pathlib import Path

import pytest


def drop(name, buffering):
    dropped = open(Path({root!r}) / name, "rb", buffering=buffering)
    cycle = [dropped]
    cycle.append(cycle)  # freed by the collector only, as a stopped server's response is


@pytest.mark.parametrize("buffering", [-1, 0])  # a served file's BufferedReader, or its FileIO, warns first
def test_static_dropped(buffering):
    drop("web/static/img/favicon.svg", buffering)


def test_static_collected():
    gc.collect()


def test_other_dropped():
    drop("pyproject.toml", -1)


def test_other_collected():
    gc.collect()
'''


def test_a_dropped_static_file_is_no_error_where_it_is_collected_and_any_other_file_is(tmp_path):
    (tmp_path / "test_drops.py").write_text(DROPS.format(root=str(ROOT)), encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-v", "-p", "no:cacheprovider", "-p", "no:xdist",
               "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path), str(tmp_path / "test_drops.py")]
    result = subprocess.run(command, check=False, capture_output=True, text=True, timeout=120,
                            cwd=tmp_path)
    outcomes = dict(line.split("::", 1)[1].split(" ")[:2] for line in result.stdout.splitlines()
                    if line.startswith("test_drops.py::") and " " in line)
    assert outcomes == {"test_static_dropped[-1]": "PASSED", "test_static_dropped[0]": "PASSED",
                        "test_static_collected": "PASSED", "test_other_dropped": "PASSED",
                        "test_other_collected": "FAILED"}, result.stdout + result.stderr
    assert re.search(r"unclosed file <_io\.\w+ name='" + re.escape(str(ROOT / "pyproject.toml")), result.stdout)
