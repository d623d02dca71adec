"""The README's deployment files agree with the app: nginx lets through what the app accepts (an upload of
max_upload_mb, a request of max_request_kb) and names the site to it; the systemd units run as the server's account
and reach the port the server listens on."""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

from kb.settings import Settings
from kb.store import Store
from tests.conftest import TEST_SECRET_KEY
from web import create_app

ROOT = Path(__file__).parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", README, flags=re.DOTALL)


def _nginx() -> str:
    [block] = [b for b in _blocks("nginx") if "proxy_pass" in b]
    return block


def _location(block: str, name: str) -> str:
    found = re.search(rf"location {re.escape(name)} \{{(.*?)\}}", block, flags=re.DOTALL)
    assert found, f"no 'location {name}' in the README's nginx server"
    return found.group(1)


def _size(text: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([km])", text).groups()
    return int(number) * {"k": 1024, "m": 1024 * 1024}[unit]


def test_nginx_takes_an_upload_as_large_as_the_upload_page_offers():
    upload = _location(_nginx(), "= /contribute/upload")
    size = re.search(r"client_max_body_size (\w+);", upload).group(1)
    assert _size(size) == Settings().max_upload_mb * 1024 * 1024


def test_nginx_takes_other_requests_up_to_max_request_kb():
    sizes = re.findall(r"^    client_max_body_size (\w+);", _nginx(), flags=re.MULTILINE)
    assert [_size(s) for s in sizes] == [Settings().max_request_kb * 1024]


def test_nginx_passes_the_site_s_name_and_the_client_to_every_location():
    block = _nginx()
    server = block[block.index("listen 443"):]
    for header in ("Host $host", "X-Forwarded-For $remote_addr", "X-Forwarded-Proto $scheme"):
        assert f"proxy_set_header {header};" in server.split("location")[0]  # inherited by every location
    ports = set(re.findall(r"proxy_pass http://127\.0\.0\.1:(\d+);", block))
    [unit] = [b for b in _blocks("ini") if "lessons-kb.service\n" in b]
    assert ports == set(re.findall(r"--port (\d+)", unit))


def test_the_upload_location_is_the_app_s_upload_route(tmp_path):
    Store(tmp_path / "kb.db").close()
    app = create_app(Settings(db=tmp_path / "kb.db", secret_key=TEST_SECRET_KEY))
    assert "/contribute/upload" in {rule.rule for rule in app.url_map.iter_rules()}
    _location(_nginx(), "= /contribute/upload")


def test_the_units_run_under_one_account_and_the_timer_in_the_pmo_s_zone():
    units = "\n".join(_blocks("ini"))
    users = re.findall(r"^User=(\S+)$", units, flags=re.MULTILINE)
    assert len(users) == 2 and len(set(users)) == 1 and users[0] != "root"
    assert re.search(r"^OnCalendar=\S+ \S+ Asia/Shanghai$", units, flags=re.MULTILINE)


def test_the_cron_line_writes_a_digest_log_only_its_owner_can_read(tmp_path):
    # the log names subscribers' addresses; under cron's umask (022) the README's line made it 0644
    [block] = _blocks("cron")
    line = block.strip()
    command = line.split(" ", 5)[5].replace("cd /srv/lessons-kb", f"cd {shlex.quote(str(tmp_path))}")
    kb = tmp_path / ".venv" / "bin" / "kb"
    kb.parent.mkdir(parents=True)
    kb.write_text(f"#!/bin/sh\nPYTHONPATH={shlex.quote(str(ROOT))} exec {shlex.quote(sys.executable)} -m kb.cli "
                  f"--db {shlex.quote(str(tmp_path / 'kb-data' / 'kb.db'))} \"$@\"\n")
    kb.chmod(0o755)
    (tmp_path / "kb.env").write_text("KB_SMTP_HOST=127.0.0.1\n")
    (tmp_path / "kb-data").mkdir(mode=0o755)
    subprocess.run(["/bin/sh", "-c", f"umask 022 && {command}"], check=False, timeout=300,
                   env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
    log = tmp_path / "kb-data" / "digest.log"
    assert "kb digest" in line and stat.S_IMODE(log.stat().st_mode) == 0o600
    assert "sent" in log.read_text() or "Error" in log.read_text()  # kb ran and wrote its lines there
