"""The README's account commands work as written: the scripted one with --password-stdin, whose account then logs
in to the web UI, and the interactive one, which in a script says what to do instead of aborting."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.web.conftest import csrf_of
from web import create_app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _run(line: str, settings, **env: str) -> subprocess.CompletedProcess:
    command = line.replace(".venv/bin/kb", f"{sys.executable} -m kb.cli")
    return subprocess.run(["bash", "-c", command], check=False, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "KB_DB": str(settings.db), **env}, stdin=subprocess.DEVNULL)


def test_the_scripted_account_command_makes_an_account_that_logs_in(settings):
    line = next(x for x in README.splitlines() if "--password-stdin" in x and x.startswith("printf"))
    done = _run(line, settings, CURATOR_PASSWORD="a-long-pass-7")
    assert done.returncode == 0, done.stderr
    client = create_app(settings).test_client()
    response = client.post("/login", data={"username": "alice", "password": "a-long-pass-7",
                                           "csrf_token": csrf_of(client, "/login")})
    assert response.status_code == 302


def test_the_interactive_command_in_a_script_names_password_stdin(settings):
    line = next(x for x in README.splitlines() if re.fullmatch(r"\.venv/bin/kb user add alice --role curator", x))
    done = _run(line, settings)
    assert done.returncode == 1
    assert "--password-stdin" in done.stderr and "Traceback" not in done.stderr and "Aborted" not in done.stderr
