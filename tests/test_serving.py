"""The test suite's own waitress helper (tests/conftest.py: serving) stops without a stray thread error.

Closing a waitress server while its loop waits in select() failed that thread with EBADF about once in 40 stops;
pytest then reports an error in whichever test runs next (CI did, in the browser layout tests)."""

from __future__ import annotations

import logging
import threading
import urllib.request

from tests.conftest import serving


def _app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def test_a_served_app_stops_without_errors_in_any_thread(monkeypatch, caplog):
    failures: list[BaseException] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: failures.append(args.exc_value))
    caplog.set_level(logging.ERROR, logger="waitress")
    for _ in range(150):
        with serving(_app) as url:
            assert urllib.request.urlopen(url + "/", timeout=10).read() == b"ok"
    assert not failures, failures[:3]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text[:2000]
    assert not [t for t in threading.enumerate() if t.name.startswith("waitress:")]
