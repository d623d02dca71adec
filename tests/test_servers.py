"""The test suite's own servers (tests/servers.py) keep their ports: a port picked free was bound later, and another
test's server (or an outgoing connection) could have taken it in between."""

from __future__ import annotations

import http.server
import os
import smtplib
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from kb.store import Store
from tests import servers
from tests.conftest import TEST_SECRET_KEY
from tests.test_hostile_clients import get


class Inbox:
    def __init__(self) -> None:
        self.rcpt: list[list[str]] = []

    async def handle_DATA(self, server, session, envelope):
        self.rcpt.append(list(envelope.rcpt_tos))
        return "250 OK"


def send(port: int, to: str) -> None:
    with smtplib.SMTP("127.0.0.1", port, timeout=10) as client:
        client.sendmail("pmo@example.org", [to], b"Subject: x\r\n\r\nbody\r\n")


def test_an_smtp_server_listens_where_the_system_put_it_and_starts_again_there():
    first, second = Inbox(), Inbox()
    one, two = servers.SmtpController(first), servers.SmtpController(second)
    one.start()
    two.start()
    try:
        assert one.port != two.port and 0 not in (one.port, two.port)
        send(one.port, "a@example.org")
        send(two.port, "b@example.org")
        port = one.port
        one.stop()
        one = servers.SmtpController(first, port=port)  # a restart, as the mailer's tests do
        one.start()
        send(port, "c@example.org")
    finally:
        one.stop()
        two.stop()
    assert first.rcpt == [["a@example.org"], ["c@example.org"]] and second.rcpt == [["b@example.org"]]


def test_a_refusing_port_refuses_and_is_nobody_elses_while_held():
    with servers.refusing_port() as port:
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=5).close()
        with socket.socket() as other, pytest.raises(OSError):
            other.bind(("127.0.0.1", port))


@contextmanager
def impostor() -> Iterator[int]:
    """Another web server, answering 200 to everything, on a port of its own."""

    class Answer(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.slow
def test_kb_serve_finds_its_first_port_taken_by_another_server_and_moves(tmp_path, monkeypatch):
    """The first port picked is another server's by the time `kb serve` starts (it answers, too): kb serve says it
    is in use, and is started on the next pick, whose answers are its own."""
    with Store(tmp_path / "kb.db"):
        pass
    with impostor() as taken:
        picks = iter([taken])
        real_pick = servers.free_port
        monkeypatch.setattr(servers, "free_port", lambda: next(picks, None) or real_pick())
        process, port = servers.kb_serve(tmp_path / "kb.db", "--workers", "1", "--threads", "1",
                                         env={**os.environ, "KB_SECRET_KEY": TEST_SECRET_KEY}, log=tmp_path / "server.log",
                                         ready=lambda port, _: get(port, "/login") == 200)
        try:
            assert port != taken and port in servers.listening_ports(process.pid)
            assert f"127.0.0.1:{taken} is in use" in (tmp_path / "server.log").read_text()
        finally:
            process.terminate()
            process.wait(timeout=60)
