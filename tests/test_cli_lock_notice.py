"""The notice that a write waits for another process's lock, said while a progress bar is on the terminal: two real
processes (a `kb ingest` on a pseudo-terminal, this one holding the lock), a screen read as a terminal shows it."""

import os
import pty
import re
import select
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from fcntl import ioctl
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# `kb ingest` with its second file held back until the file `go` exists, once it has made `ready`: by then the
# bar is on the screen (drawn when made, and after the first file), and the second file's write meets the lock.
PAUSED_INGEST = """
import sys, time
from pathlib import Path
import ingest.pipeline as pipeline
ready, go = Path(sys.argv[1]), Path(sys.argv[2])
real, calls = pipeline._ingest_file, []
def paused(*args, **kwargs):
    calls.append(args)
    if len(calls) == 2:
        ready.touch()
        while not go.exists():
            time.sleep(0.01)
    return real(*args, **kwargs)
pipeline._ingest_file = paused
from kb.cli import cli
cli(sys.argv[3:], prog_name="kb")
"""


def screen(raw: str) -> list[str]:
    """The lines a terminal shows for raw output: a carriage return goes back to the line's start, and what follows
    overwrites it (tqdm draws its bar so, and clears it with spaces)."""
    lines, line, col = [], [], 0
    for char in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw):
        if char == "\r":
            col = 0
        elif char == "\n":
            lines.append("".join(line).rstrip())
            line, col = [], 0
        else:
            line[col:col + 1] = [char]
            col += 1
    return [*lines, "".join(line).rstrip()]


def _wait_for(ready: Path, process: subprocess.Popen) -> None:
    """Wait until the process makes the file ready: it says when, so no clock decides the order."""
    while not ready.exists():
        assert process.poll() is None, f"the process ended before it was ready: {process.communicate()}"
        time.sleep(0.01)


def _read_until(fd: int, seen: list[bytes], wanted: bytes) -> None:
    """Read the terminal's output into seen until it holds wanted (a minute at most, or the test fails)."""
    while wanted not in b"".join(seen):
        readable, _, _ = select.select([fd], [], [], 60)
        assert readable, f"no {wanted!r} in a minute: {b''.join(seen)!r}"
        seen.append(os.read(fd, 4096))


def _read_to_end(fd: int, seen: list[bytes]) -> None:
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: the process closed the terminal
            return
        if not chunk:
            return
        seen.append(chunk)


def test_the_lock_wait_notice_is_a_line_of_its_own_above_the_progress_bar(kb, db_path, write, tmp_path):
    # it was written after the bar's text on the bar's line, and the bar's next redraw overwrote its start
    kb("init")
    for name in ("a", "b", "c"):
        write(f"{name}.md", f"# Retro {name}\n\n## Went wrong\n- The vendor delivered the {name} interface late.\n")
    script, ready, go = tmp_path / "paused.py", tmp_path / "ready", tmp_path / "go"
    script.write_text(PAUSED_INGEST)
    terminal, attached = pty.openpty()
    ioctl(attached, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))
    command = [sys.executable, str(script), str(ready), str(go), "--db", str(db_path), "ingest", "--no-index",
               str(write.base)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    seen: list[bytes] = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=attached, text=True, cwd=ROOT, env=env) as process:
        os.close(attached)
        try:
            _wait_for(ready, process)
            holder = sqlite3.connect(db_path, isolation_level=None)
            holder.execute("BEGIN EXCLUSIVE")
            try:
                go.touch()
                _read_until(terminal, seen, b"s from now\r\n")  # the notice, whole: the lock is still held here
            finally:
                holder.execute("ROLLBACK")
                holder.close()
            _read_to_end(terminal, seen)
            out = process.communicate(timeout=60)[0]
        finally:  # a failure above must not leave the process waiting for go, nor this test for the process
            go.touch()
            if process.poll() is None:
                process.kill()
    os.close(terminal)
    assert process.returncode == 0 and "3 files (3 documents): 3 added" in out
    shown = screen(b"".join(seen).decode())
    notices = [line for line in shown if "waiting for" in line]
    assert len(notices) == 1 and notices[0].startswith(f"waiting for {db_path}: another kb process is writing"), shown
    before = shown[:shown.index(notices[0])]
    assert all(not line for line in before), shown  # the bar it cleared: no half of it left above the notice
