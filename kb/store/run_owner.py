"""Which process an ingest run is, and whether that process still lives: its pid, its host, and the moment the
process started (a pid the system gave to another process since is not taken for the run's own)."""

from __future__ import annotations

import os
import socket
from pathlib import Path


def host() -> str:
    """This machine's name, as a run records it."""
    return socket.gethostname()


def process_start(pid: int) -> str | None:
    """When process ``pid`` started, in the system's clock ticks since boot with the boot's id ('' where the system
    does not say: then a live pid is taken for the run's own); None if no process has that pid."""
    if not Path("/proc/self/stat").exists():  # not Linux: alive or not, no start time
        return "" if _alive(pid) else None
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return None
    except OSError:
        return "" if _alive(pid) else None
    fields = stat[stat.rindex(")") + 2:].split()  # the name, in brackets, may hold spaces
    return f"{_boot_id()}:{fields[19]}" if len(fields) > 19 else ""


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def is_gone(pid: int | None, run_host: str | None, started: str | None) -> bool:
    """Whether the process a run recorded has ended (on this host only: another host's process cannot be seen, and
    a run recorded before pids were, has none)."""
    if pid is None or run_host != host():
        return False
    now = process_start(pid)
    if now is None:
        return True
    return bool(started) and bool(now) and now != started
