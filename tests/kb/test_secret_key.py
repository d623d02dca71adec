"""The secret key lives in a file read only by the commands that sign (kb serve, kb digest, the web app factory);
KB_SECRET_KEY still works; kb ingest never opens the file."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.errors import ConfigError
from kb.secret_key import with_secret_key
from kb.settings import Settings, load_settings
from kb.store import Store
from web import create_app

_OPENED: list[str] | None = None  # paths opened while a test listens (audit hooks cannot be removed)


def _audit(event: str, args: tuple) -> None:
    if _OPENED is not None and event == "open" and isinstance(args[0], (str, bytes, Path)):
        _OPENED.append(str(args[0]))


sys.addaudithook(_audit)


@pytest.fixture
def no_env_key(monkeypatch):
    monkeypatch.delenv("KB_SECRET_KEY", raising=False)
    monkeypatch.delenv("KB_SECRET_KEY_FILE", raising=False)


def test_the_web_app_reads_the_key_from_the_file_beside_the_database(tmp_path, no_env_key):
    (tmp_path / "secret_key").write_text("key-from-the-file\n")
    Store(tmp_path / "kb.db").close()
    app = create_app(Settings(db=tmp_path / "kb.db"))
    assert app.config["SECRET_KEY"] == "key-from-the-file"
    assert app.config["KB_SETTINGS"].secret_key == "key-from-the-file"


def test_secret_key_file_can_point_elsewhere_and_the_variable_still_wins(tmp_path, no_env_key):
    elsewhere = tmp_path / "etc" / "kb-secret"
    elsewhere.parent.mkdir()
    elsewhere.write_text("key-elsewhere")
    settings = load_settings(env={"KB_DB": str(tmp_path / "kb.db"), "KB_SECRET_KEY_FILE": str(elsewhere)})
    assert settings.secret_key == ""  # loading settings reads no key
    assert with_secret_key(settings).secret_key == "key-elsewhere"
    both = load_settings(env={"KB_SECRET_KEY": "from-env", "KB_SECRET_KEY_FILE": str(elsewhere)})
    assert with_secret_key(both).secret_key == "from-env"


def test_an_unusable_key_file_is_a_one_line_error(tmp_path, no_env_key):
    (tmp_path / "secret_key").write_bytes(b"two\nlines\n")
    with pytest.raises(ConfigError, match="must hold one line"):
        create_app(Settings(db=tmp_path / "kb.db"))


def test_digest_send_reads_the_key_file(tmp_path, no_env_key):
    db = tmp_path / "kb.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "digest", "send", "--dry-run"])
    assert result.exit_code == 1 and "run 'kb init' to make" in result.output
    assert runner.invoke(cli, ["--db", str(db), "init"]).exit_code == 0
    result = runner.invoke(cli, ["--db", str(db), "digest", "send", "--dry-run"])
    assert result.exit_code == 0, result.output


def test_ingest_never_opens_the_secret_key_file(tmp_path, no_env_key, write):
    global _OPENED
    db = tmp_path / "kb.db"
    runner = CliRunner()
    assert runner.invoke(cli, ["--db", str(db), "init"]).exit_code == 0
    write("retro.md", "# Retro\n\n## Lessons learned\n- Keep the secret out of ingest.\n")
    _OPENED = []
    try:
        result = runner.invoke(cli, ["--db", str(db), "ingest", "--no-index", str(write.base)])
        opened = list(_OPENED)
    finally:
        _OPENED = None
    assert result.exit_code == 0, result.output
    assert any(p.endswith("retro.md") for p in opened)  # the hook sees what ingest reads
    assert not [p for p in opened if Path(p).name == "secret_key"]
