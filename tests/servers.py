"""Servers for tests on ports nobody else can take from them.

A port picked free and bound later may be taken in between (by another test's server, or as the local end of any
outgoing connection on a machine shared with other test runs). So an SMTP server here listens on port 0 and says
the port the system gave it; a port that must refuse connections is held, bound but not listening, for as long as
it is used; and `kb serve` (which needs its port on the command line) is started again on another port when its
port turned out to be in use, and is counted as up only once the port answering is one its own process listens on.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parent.parent
TRIES = 5  # `kb serve` starts on a new port this many times at most


def free_port() -> int:
    """A TCP port of 127.0.0.1 that nothing listens on now (which it may, by the time it is used)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SmtpController(Controller):
    """aiosmtpd's threaded server on a port of 127.0.0.1 the system picks (port 0): ``port`` is it once started.

    aiosmtpd binds the ``port`` it is given, then connects to that same ``port`` to wake its handler up; here the
    port it got is recorded between the two. A stopped controller starts again on the port it had."""

    def __init__(self, handler, port: int = 0, **kwargs) -> None:
        super().__init__(handler, hostname="127.0.0.1", port=port, **kwargs)

    def _create_server(self):
        return self._listen()

    async def _listen(self):
        server = await self.loop.create_server(self._factory_invoker, host=self.hostname, port=self.port,
                                               ssl=self.ssl_context)
        self.port = server.sockets[0].getsockname()[1]
        return server


@contextmanager
def refusing_port() -> Iterator[int]:
    """A port of 127.0.0.1 that refuses every connection while the block runs: bound (so nobody else can listen
    there), never listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


def kb_serve(db: Path, *options: str, env: dict[str, str], log: Path, ready: Callable[[int, int], bool],
             timeout: float = 60) -> tuple[subprocess.Popen, int]:
    """`kb --db DB serve --port PORT OPTIONS` on a free port, its stderr appended to ``log``; (process, port) once
    ``ready(port, pid)`` and the process listens on that port itself. A port found in use is given up for another."""
    for _ in range(TRIES):
        port = free_port()
        with log.open("a") as errors:
            process = subprocess.Popen([sys.executable, "-m", "kb.cli", "--db", str(db), "serve", "--port", str(port),
                                        *options], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        if _came_up(process, port, ready, timeout):
            return process, port
        process.kill()
        process.wait()
        if "in use" not in log.read_text(encoding="utf-8", errors="replace"):
            pytest.fail(f"the server did not start on port {port}: " + log.read_text()[-2000:])
    pytest.fail(f"the server found its port in use {TRIES} times: " + log.read_text()[-2000:])


def _came_up(process: subprocess.Popen, port: int, ready: Callable[[int, int], bool], timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        try:
            if ready(port, process.pid) and port in listening_ports(process.pid):
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def listening_ports(pid: int) -> set[int]:
    """The TCP ports a process listens on (Linux: its socket descriptors, found in /proc/net/tcp and tcp6)."""
    fds = Path(f"/proc/{pid}/fd")
    sockets = {link for fd in fds.iterdir() if (link := _link(fd)).startswith("socket:[")}
    ports = set()
    for table in ("tcp", "tcp6"):
        for row in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            fields = row.split()
            if fields[3] == "0A" and f"socket:[{fields[9]}]" in sockets:  # 0A: LISTEN
                ports.add(int(fields[1].rsplit(":", 1)[1], 16))
    return ports


def _link(fd: Path) -> str:
    try:
        return str(fd.readlink())
    except OSError:  # closed since listed
        return ""
