"""/subscribe on the defaults, where no mail server answers: one attempt, the form back with a message in the
visitor's language, nothing left pending; and scripts/run.sh points mailed links at the server it starts."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import socket
import subprocess
import threading
from pathlib import Path

import pytest

from kb.errors import NotFound
from kb.store import Store
from tests.web.conftest import refused
from web import create_app

REPO = Path(__file__).resolve().parents[2]


class HangUpServer:
    """A TCP server on 127.0.0.1 that accepts each connection and closes it at once (a mail server that is not
    there), counting the connections."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def hang_up():
    server = HangUpServer()
    yield server
    server.close()


def _client(settings, lang):
    app = create_app(settings)
    app.config["TESTING"] = True
    client = app.test_client()
    client.set_cookie("kb_lang", lang)
    return client


def _subscribe(client, **fields):
    token = re.search(r'data-csrf="([^"]+)"', client.get("/subscribe").get_data(as_text=True)).group(1)
    return client.post("/subscribe", data={"csrf_token": token, **fields})


@pytest.mark.parametrize(("lang", "says"), [("zh", "无法发送邮件"), ("en", "cannot send e-mail")])
def test_no_mail_server_answers_at_once_keeps_the_form_and_stores_nothing(settings, hang_up, lang, says):
    settings = dataclasses.replace(settings, smtp_port=hang_up.port, mail_retries=3, mail_backoff=0.01)
    client = _client(settings, lang)
    response = refused(client, _subscribe(client, email="pm@example.org", name="王芳", language="zh",
                                          frequency="daily", kinds="lesson"))
    body = response.get_data(as_text=True)
    assert hang_up.connections == 1  # one attempt, no retries while the visitor waits
    assert says in body
    # said in the page's language alone, and with the focus (it was left at the page's top)
    box = re.search(r'<p class="error-box"([^>]*)>([^<]*)</p>', body)
    assert 'tabindex="-1" autofocus' in box.group(1) and "README" not in box.group(2)
    assert "autofocus" not in body.replace(box.group(0), "")
    assert 'value="pm@example.org"' in body and 'value="王芳"' in body  # the form as it was sent
    assert re.search(r'<option value="daily"\s+selected', body)
    assert re.search(r'value="lesson"\s+checked', body)
    store = Store(settings.db)
    with pytest.raises(NotFound):
        store.subscriber("pm@example.org")  # not left pending
    store.close()


def test_an_existing_pending_address_is_kept_when_mail_fails(settings, hang_up):
    store = Store(settings.db)
    store.add_subscriber("old@example.org", confirmed=False)
    store.close()
    settings = dataclasses.replace(settings, smtp_port=hang_up.port, mail_backoff=0.01)
    client = _client(settings, "en")
    assert "cannot send e-mail" in refused(client, _subscribe(client, email="old@example.org")).get_data(as_text=True)
    store = Store(settings.db)
    assert store.subscriber("old@example.org")["email"] == "old@example.org"
    store.close()


@pytest.mark.parametrize(("lang", "says"), [("zh", "不是有效的邮箱地址"), ("en", "is not an e-mail address")])
def test_a_bad_address_gets_the_form_back_not_an_error_page(settings, lang, says):
    client = _client(settings, lang)
    body = refused(client, _subscribe(client, email="not-an-address", name="Li")).get_data(as_text=True)
    assert says in body and 'id="subscribe-form"' in body and 'value="Li"' in body


def test_run_sh_points_mailed_links_at_the_port_it_serves(tmp_path):
    """run.sh with its installer and ``kb`` replaced by stubs that record what they were asked."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "run.sh", tmp_path / "scripts" / "run.sh")
    (tmp_path / "scripts" / "bootstrap.sh").write_text("#!/usr/bin/env bash\nexit 0\n")
    (tmp_path / "scripts" / "bootstrap.sh").chmod(0o755)
    stub = tmp_path / ".venv" / "bin" / "kb"
    stub.parent.mkdir(parents=True)
    stub.write_text('#!/usr/bin/env bash\necho "$* | ${KB_BASE_URL:-unset}" >> "$(dirname "$0")/calls"\n')
    stub.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "KB_BASE_URL"}
    subprocess.run(["bash", str(tmp_path / "scripts" / "run.sh")], env={**env, "KB_PORT": "5123"}, check=True,
                   timeout=60)
    calls = (stub.parent / "calls").read_text().splitlines()
    assert calls[-1] == "serve --host 127.0.0.1 --port 5123 | http://127.0.0.1:5123"
    (stub.parent / "calls").unlink()
    subprocess.run(["bash", str(tmp_path / "scripts" / "run.sh")],
                   env={**env, "KB_PORT": "5123", "KB_BASE_URL": "https://kb.example.com"}, check=True, timeout=60)
    assert (stub.parent / "calls").read_text().splitlines()[-1].endswith("| https://kb.example.com")
