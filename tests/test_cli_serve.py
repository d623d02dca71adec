"""kb serve on an address it cannot listen on: one line and exit 1, before it announces anything."""

import os
import socket
import subprocess
import sys
import urllib.request

import pytest

from kb.store import Store
from tests.conftest import TEST_SECRET_KEY
from tests.test_crash import ROOT, wait_for


@pytest.fixture
def initialised(kb):
    kb("init")  # the database and the secret key kb serve checks first


@pytest.mark.parametrize("family, host", [(socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")])
def test_a_port_in_use_is_said_in_one_line(kb, initialised, family, host):
    # "Lessons KB on http://127.0.0.1:5000/ … Ctrl+C stops it.", then gunicorn's "Connection in use" ten times over
    # five seconds, then "Can't connect"
    try:
        busy = socket.create_server((host, 0), family=family)
    except OSError:
        pytest.skip(f"no {host} on this machine")
    with busy:
        port = busy.getsockname()[1]
        result = kb("serve", "--host", host, "--port", str(port), "--workers", "1", ok=False)
    shown = f"[{host}]" if ":" in host else host
    assert (result.exit_code, result.output) == (
        1, f"Error: {shown}:{port} is in use (another kb serve, or another server): stop it, or give another --port\n")


@pytest.mark.parametrize("host, says", [
    ("no-such-host.invalid", "Error: cannot listen on no-such-host.invalid: "),
    ("192.0.2.1", "Error: 192.0.2.1:5000 is not an address of this machine: give --host 127.0.0.1 or 0.0.0.0\n"),
])
def test_an_address_that_is_not_this_machines_is_said_in_one_line(kb, initialised, host, says):
    result = kb("serve", "--host", host, "--workers", "1", ok=False)
    assert result.exit_code == 1 and result.output.startswith(says) and "Lessons KB on" not in result.output


@pytest.mark.slow
def test_an_ipv6_host_is_announced_and_served_in_brackets(tmp_path):
    # "Lessons KB on http://::1:5999/", then gunicorn: "Error: '' is not a valid port number."
    try:
        socket.create_server(("::1", 0), family=socket.AF_INET6).close()
    except OSError:
        pytest.skip("no ::1 on this machine")
    Store(tmp_path / "kb.db").close()
    port = _free_v6_port()
    process = subprocess.Popen([sys.executable, "-m", "kb.cli", "--db", str(tmp_path / "kb.db"), "serve", "--host",
                                "::1", "--port", str(port), "--workers", "1", "--threads", "1"], cwd=ROOT,
                               env={**os.environ, "KB_SECRET_KEY": TEST_SECRET_KEY}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().startswith(f"Lessons KB on http://[::1]:{port}/ ")
        assert wait_for(lambda: _status(f"http://[::1]:{port}/login") == 200, 60)
    finally:
        process.terminate()
        process.communicate(timeout=60)


def _free_v6_port() -> int:
    with socket.create_server(("::1", 0), family=socket.AF_INET6) as probe:
        return probe.getsockname()[1]


def _status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except OSError:
        return None


@pytest.mark.usefixtures("fast_start_cache_written")  # its kb processes start warm, as after a first ingest
@pytest.mark.parametrize("index_first", [False, True])
def test_a_database_the_index_lags_is_said_before_serving(tmp_path, index_first):
    # A store upgraded from an older version (its documents chunked otherwise) was served silently; only 'kb check'
    # said "run 'kb reindex'". Here the lag is 'kb ingest --no-index''s; with the index made first, nothing is said.
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "retro.md").write_text("# Retro\n\n## What went wrong\n- The vendor delivered the interfaces late.\n",
                                   encoding="utf-8")
    db = tmp_path / "kb.db"
    kb_env = {**os.environ, "KB_SECRET_KEY": TEST_SECRET_KEY, "KB_THREADS": "1"}
    ingest = ["ingest", "-q", str(docs)] + ([] if index_first else ["--no-index"])
    subprocess.run([sys.executable, "-m", "kb.cli", "--db", str(db), *ingest], cwd=ROOT, env=kb_env, check=True,
                   capture_output=True)
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "kb.cli", "--db", str(db), "serve", "--port", str(port),
                                "--workers", "1", "--threads", "1"], cwd=ROOT, env=kb_env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().startswith(f"Lessons KB on http://127.0.0.1:{port}/ ")
    finally:
        process.terminate()
        _, err = process.communicate(timeout=60)
    warning = ("warning: the search index is behind the database (1 document not indexed as stored, as after an "
               "upgrade or 'kb ingest --no-index'): searches miss them until 'kb reindex' (after an upgrade, the 'kb "
               "ingest' that 'kb check' names), which this server picks up without a restart\n")
    assert err.startswith(warning) != index_first


@pytest.mark.parametrize("secure, warned", [("false", True), ("true", False)])
def test_an_https_site_without_secure_cookies_is_warned_of(kb, initialised, monkeypatch, secure, warned):
    # README: behind TLS set secure_cookies; forgetting it was silent, the login cookie then also sent over http
    monkeypatch.setenv("KB_BASE_URL", "https://lessons.example.com")
    monkeypatch.setenv("KB_SECURE_COOKIES", secure)
    with socket.create_server(("127.0.0.1", 0)) as busy:  # the port in use: kb serve stops right after its checks
        result = kb("serve", "--port", str(busy.getsockname()[1]), "--workers", "1", ok=False)
    assert result.exit_code == 1 and "is in use" in result.output
    assert result.output.startswith("warning: base_url is https but secure_cookies is off: a login cookie would also "
                                    "be sent over plain http (set secure_cookies = true behind TLS: README, Putting "
                                    "it on the internet)\n") == warned


def _served_settings(kb, monkeypatch, *options: str):
    """The settings kb serve hands its server, and what it said first (the server itself is not started)."""
    import web.server

    handed = {}
    monkeypatch.setattr(web.server, "serve", lambda settings, **_: handed.update(settings=settings))
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    result = kb("serve", "--port", str(port), "--workers", "1", *options)
    return handed["settings"], port, result.output


@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0"])
def test_links_follow_the_port_served_while_base_url_is_the_default(kb, initialised, monkeypatch, host):
    # 'kb serve --port 5871': the .ics, the CSV's 链接 and the agendas linked to http://127.0.0.1:5000
    monkeypatch.delenv("KB_BASE_URL", raising=False)
    settings, port, said = _served_settings(kb, monkeypatch, "--host", host)
    assert settings.base_url == f"http://127.0.0.1:{port}"
    if host == "0.0.0.0":
        assert said.startswith(f"warning: base_url is not set: links in downloads and e-mails say "
                               f"http://127.0.0.1:{port}, which only this machine opens: set base_url (KB_BASE_URL) "
                               "to the address readers use\n")
    else:
        assert said.startswith(f"note: base_url is not set: links in this server's downloads and e-mails say "
                               f"http://127.0.0.1:{port}; 'kb digest' run on its own says http://127.0.0.1:5000: "
                               "set base_url (KB_BASE_URL) for both\n")


def test_a_base_url_set_is_kept_whatever_the_port(kb, initialised, monkeypatch):
    monkeypatch.setenv("KB_BASE_URL", "https://lessons.example.com")
    monkeypatch.setenv("KB_SECURE_COOKIES", "true")
    settings, _, said = _served_settings(kb, monkeypatch)
    assert settings.base_url == "https://lessons.example.com" and said.startswith("Lessons KB on ")


def test_a_missing_secret_key_is_said_before_an_upgrade_is_applied(kb, db_path, monkeypatch):
    # kb serve applied the pending migrations, then refused to start for want of a key
    monkeypatch.delenv("KB_SECRET_KEY", raising=False)
    Store(db_path).close()  # no key file: only kb init makes one
    with Store(db_path, migrate=False) as store, store.transaction():
        store.conn.execute("DELETE FROM migrations WHERE name = '0018_ingested_indexes'")
        store.conn.execute("DROP INDEX documents_first_ingested")
        store.conn.execute("DROP INDEX documents_last_ingested")
    result = kb("serve", "--workers", "1", ok=False)
    assert result.exit_code == 1
    assert "needs a secret key" in result.stderr
    assert "upgraded" not in result.stderr
    with Store(db_path, migrate=False) as store:
        assert not store.scalar("SELECT 1 FROM migrations WHERE name = '0018_ingested_indexes'")
