"""A gunicorn worker that serves its share of the listening socket through waitress.

gunicorn keeps what it does well: one process per core, forked after the master binds the port, a dead worker
replaced, one whose heartbeat stops killed, graceful stops and restarts. Inside each process, waitress reads every
request, headers and body, in its event loop and hands a thread only a request that has fully arrived, so a slow
or stalled client costs a file descriptor, not one of the few threads. Connections that stay silent, or take too
long to send one request (``client_timeout``), are dropped; a request line longer than the server reads answers
414 at once.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import socket
import time
from typing import Any

from gunicorn.workers.base import Worker
from waitress import wasyncore
from waitress.adjustments import Adjustments
from waitress.channel import HTTPChannel
from waitress.parser import HTTPRequestParser
from waitress.server import TcpWSGIServer
from waitress.task import ErrorTask, ThreadedTaskDispatcher, WSGITask
from waitress.utilities import Error, RequestEntityTooLarge, RequestHeaderFieldsTooLarge

from web import i18n

HEADER_ALLOWANCE = 32 * 1024  # request headers besides the request line (cookies included)
CONNECTIONS_PER_PROCESS = 1000
HEARTBEAT_SECONDS = 0.5
_NON_ASCII = re.compile(rb"[\x80-\xff]")


class UriTooLong(Error):
    """A request line longer than the server reads: 414, as JSON for the API, a short page otherwise."""

    code = 414
    reason = "URI Too Long"

    def __init__(self, start: bytes, limit_kb: int) -> None:
        super().__init__("")
        parts = start.lstrip().split(b" ", 2)
        self.api = len(parts) > 1 and parts[1].startswith(b"/api/")
        self.limit_kb = limit_kb

    def to_response(self, ident: str | None = None) -> tuple[str, list[tuple[str, str]], bytes]:
        """The status, headers and body."""
        english = i18n.translate("url_too_long", "en", kb=self.limit_kb)
        chinese = i18n.translate("url_too_long", "zh", kb=self.limit_kb)
        if self.api:
            body = json.dumps({"error": {"status": 414, "code": "request_uri_too_long", "message": english}})
            return f"{self.code} {self.reason}", [("Content-Type", "application/json")], body.encode()
        page = (f'<!doctype html><html><head><meta charset="utf-8"><title>414</title></head><body>'
                f'<p lang="en">{english}</p><p lang="zh">{chinese}</p></body></html>')
        return f"{self.code} {self.reason}", [("Content-Type", "text/html; charset=utf-8")], page.encode("utf-8")


class _Parser(HTTPRequestParser):  # type: ignore[misc]
    """waitress's parser, answering 414 rather than 431 when it is the request line that is too long, and reading
    an address typed with raw UTF-8 in it (``curl "…/api/search?q=测试"``) as its percent-encoded form, as nginx and
    browsers do, where waitress answered a plain-text "400 Bad URI" that no API client could read as the API's
    error; the app then reads it, or refuses bytes that are not UTF-8 naming the parameter (web/views/api_input.py)."""

    def parse_header(self, header_plus: bytes) -> None:
        line, end, rest = header_plus.partition(b"\r\n")
        parts = line.split(b" ")
        if end and len(parts) == 3 and not parts[1].isascii():
            parts[1] = _NON_ASCII.sub(lambda m: b"%%%02X" % m.group()[0], parts[1])
            header_plus = b" ".join(parts) + end + rest
        super().parse_header(header_plus)

    def received(self, data: bytes) -> int:
        before = self.header_plus
        consumed: int = super().received(data)
        if type(self.error) is RequestHeaderFieldsTooLarge:
            start = (before + data)[:self.adj.max_request_header_size]
            if b"\n" not in start:
                self.error = UriTooLong(start[:64], (self.adj.max_request_header_size - HEADER_ALLOWANCE) // 1024)
        return consumed


class _RefusedBody(WSGITask):  # type: ignore[misc]
    """A request whose body waitress refused unread (over ``max_request_body_size``), answered by the app: it sees the
    request's line and headers, no body, and ``kb.body_refused``, and answers 413 in its own shape and the page's
    language (web/app.py), not waitress's bare English "Request Entity Too Large". The connection then closes: the
    body the client is still sending is never read."""

    def get_environment(self) -> dict[str, Any]:
        environ: dict[str, Any] = super().get_environment()
        environ.update({"wsgi.input": io.BytesIO(), "kb.body_refused": True})
        return environ

    def execute(self) -> None:
        self.set_close_on_finish()
        super().execute()


def _error_task(channel: HTTPChannel, request: HTTPRequestParser) -> ErrorTask | WSGITask:
    """The task that answers a request waitress refused: the app's, when only its body was too large (its line and
    headers were read), else waitress's own."""
    if isinstance(request.error, RequestEntityTooLarge) and request.headers_finished:
        return _RefusedBody(channel, request)
    return ErrorTask(channel, request)


class _Channel(HTTPChannel):  # type: ignore[misc]
    """A connection that remembers when the request it is receiving began."""

    parser_class = _Parser
    error_task_class = staticmethod(_error_task)
    started: float | None = None

    def received(self, data: bytes) -> bool:
        now = time.time()
        result: bool = super().received(data)
        if self.request is None:
            self.started = None
        elif self.started is None:
            self.started = now
        return result


class _Server(TcpWSGIServer):  # type: ignore[misc]
    """A waitress server on a socket gunicorn bound, dropping connections that take too long to send a request."""

    channel_class = _Channel

    def maintenance(self, now: float) -> None:
        """Close channels idle for ``channel_timeout`` (waitress) and those whose request has been arriving for
        longer than that (a client trickling a header or a body)."""
        super().maintenance(now)
        cutoff = now - self.adj.channel_timeout
        for channel in list(self.active_channels.values()):
            if not channel.requests and channel.started is not None and channel.started < cutoff:
                channel.will_close = True


class WaitressWorker(Worker):  # type: ignore[misc]
    """gunicorn's process management around a waitress server (see the module's docstring).

    Settings come from the app's ``KB_SETTINGS`` (client_timeout, max_url_kb, max_request_kb) and gunicorn's
    ``threads`` and ``graceful_timeout``.
    """

    def run(self) -> None:
        """Serve until told to stop, then finish the requests in hand (for at most graceful_timeout)."""
        _route_waitress_log(self.log)
        socket_map: dict[int, Any] = {}
        dispatcher = ThreadedTaskDispatcher()
        dispatcher.set_thread_count(self.cfg.threads)
        servers = [self._server(listener, socket_map, dispatcher) for listener in self.sockets]
        beat = 0.0
        while self.alive:
            if time.monotonic() - beat > HEARTBEAT_SECONDS:
                self.notify()
                beat = time.monotonic()
            wasyncore.loop(timeout=1.0, map=socket_map, use_poll=True, count=1)
            if self.ppid != os.getppid():
                self.log.info("Parent changed, shutting down: %s", self)
                break
        self._drain(servers, socket_map, dispatcher)

    def _server(self, listener: Any, socket_map: dict[int, Any], dispatcher: ThreadedTaskDispatcher) -> _Server:
        settings = self.wsgi.config["KB_SETTINGS"]
        sock: socket.socket = listener.sock
        body_limit = settings.max_request_kb * 1024
        adjustments = Adjustments(
            threads=self.cfg.threads, connection_limit=CONNECTIONS_PER_PROCESS, asyncore_use_poll=True,
            channel_timeout=settings.client_timeout, cleanup_interval=1,
            max_request_header_size=settings.max_url_kb * 1024 + HEADER_ALLOWANCE,
            # twice the app's limit (or the upload form's): up to it the app reads the form and answers 413 naming
            # the limit; far larger is refused unread, and answered by the app all the same (_RefusedBody)
            max_request_body_size=2 * max(body_limit, int(settings.max_upload_mb * 1024 * 1024)) + HEADER_ALLOWANCE,
            send_bytes=1,  # the thread that made a response sends it, without waiting for the event loop
            ident="lessons-kb", **_proxy_adjustments(settings.trusted_proxy))
        return _Server(self.wsgi, socket_map, _sock=sock, dispatcher=dispatcher, adj=adjustments, bind_socket=False,
                       sockinfo=(sock.family, sock.type, sock.proto, sock.getsockname()))

    def _drain(self, servers: list[_Server], socket_map: dict[int, Any], dispatcher: ThreadedTaskDispatcher) -> None:
        """Stop accepting; let requests that are running, or still arriving, finish (within graceful_timeout, and
        client_timeout as ever); close idle connections; then close everything."""
        for server in servers:
            server.accepting = False
            server.del_channel()
        deadline = time.monotonic() + self.cfg.graceful_timeout
        while time.monotonic() < deadline:
            channels = [c for c in socket_map.values() if isinstance(c, HTTPChannel)]
            if not channels:
                break
            for channel in channels:
                if not channel.requests and channel.request is None and not channel.total_outbufs_len:
                    channel.handle_close()
            for server in servers:
                server.maintenance(time.time())
            self.notify()
            wasyncore.loop(timeout=0.2, map=socket_map, use_poll=True, count=1)
        dispatcher.shutdown(cancel_pending=True, timeout=5)
        wasyncore.close_all(socket_map)


def _proxy_adjustments(trusted_proxy: str) -> dict[str, Any]:
    """Believe one proxy's X-Forwarded-For/-Proto (the client's address for throttles, https for links); without
    one, such headers are dropped, so a client cannot pose as another address."""
    if not trusted_proxy:
        return {"clear_untrusted_proxy_headers": True}
    return {"trusted_proxy": trusted_proxy, "trusted_proxy_count": 1,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"}, "clear_untrusted_proxy_headers": True}


def _route_waitress_log(log: Any) -> None:
    """waitress's warnings into gunicorn's error log; its queue-depth warning is routine here (requests wait for
    one of a few threads by design), so it is left out."""
    logger = logging.getLogger("waitress")
    logger.handlers = list(log.error_log.handlers)
    logger.setLevel(log.error_log.level)
    logger.propagate = False
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
