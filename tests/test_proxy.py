"""`kb serve` behind a reverse proxy: with `trusted_proxy` set, the address that login throttling counts is the
client's from X-Forwarded-For; without it, that header is ignored, so a client cannot pose as another address."""

from __future__ import annotations

import http.cookiejar
import os
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from kb.store import Store
from tests.conftest import TEST_SECRET_KEY
from tests.servers import kb_serve
from tests.test_hostile_clients import get

pytestmark = pytest.mark.slow
CLIENT = "203.0.113.7"


def _serve(db: Path, trusted_proxy: str) -> tuple[subprocess.Popen, int]:
    env = {**os.environ, "KB_SECRET_KEY": TEST_SECRET_KEY, "KB_TRUSTED_PROXY": trusted_proxy}
    return kb_serve(db, "--workers", "1", "--threads", "2", env=env, log=db.with_name("server.log"),
                    ready=lambda port, _: get(port, "/login") == 200)


def _failed_login(port: int) -> None:
    """A wrong password, posted by a client the proxy says is CLIENT."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"http://127.0.0.1:{port}/login", timeout=10) as response:
        page = response.read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = urllib.parse.urlencode({"username": "ada", "password": "wrong-wrong", "csrf_token": token}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/login", data=body,
                                     headers={"X-Forwarded-For": CLIENT})
    with pytest.raises(urllib.error.HTTPError) as refused:
        opener.open(request, timeout=10)
    refused.value.close()
    assert refused.value.code == 401


@pytest.mark.parametrize("trusted_proxy, counted", [("127.0.0.1", CLIENT), ("", "127.0.0.1")])
def test_login_attempts_count_the_client_only_behind_a_trusted_proxy(tmp_path, trusted_proxy, counted):
    db = tmp_path / "kb.db"
    with Store(db) as store:
        store.add_user("ada", "admin-pass-1", "admin")
    process, port = _serve(db, trusted_proxy)
    try:
        _failed_login(port)
    finally:
        process.terminate()
        process.wait(timeout=60)
    with Store(db, create=False) as store:
        assert [r["address"] for r in store.rows("SELECT address FROM login_attempts")] == [counted]
