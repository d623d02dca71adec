"""The secret key lives in a file read only by the commands that sign (kb serve, kb digest, the web app factory);
KB_SECRET_KEY still works; kb ingest never opens the file; a short or repetitive key is refused where it is read."""

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
from tests.conftest import TEST_SECRET_KEY
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
    (tmp_path / "secret_key").write_text("key-from-the-file-0123456789abcdef\n")
    Store(tmp_path / "kb.db").close()
    app = create_app(Settings(db=tmp_path / "kb.db"))
    assert app.config["SECRET_KEY"] == "key-from-the-file-0123456789abcdef"
    assert app.config["KB_SETTINGS"].secret_key == "key-from-the-file-0123456789abcdef"


def test_secret_key_file_can_point_elsewhere_and_the_variable_still_wins(tmp_path, no_env_key):
    elsewhere = tmp_path / "etc" / "kb-secret"
    elsewhere.parent.mkdir()
    elsewhere.write_text("key-elsewhere-0123456789abcdefghij")
    settings = load_settings(env={"KB_DB": str(tmp_path / "kb.db"), "KB_SECRET_KEY_FILE": str(elsewhere)})
    assert settings.secret_key == ""  # loading settings reads no key
    assert with_secret_key(settings).secret_key == "key-elsewhere-0123456789abcdefghij"
    both = load_settings(env={"KB_SECRET_KEY": "from-env-0123456789abcdefghijklmno", "KB_SECRET_KEY_FILE": str(elsewhere)})
    assert with_secret_key(both).secret_key == "from-env-0123456789abcdefghijklmno"


def test_an_unusable_key_file_is_a_one_line_error(tmp_path, no_env_key):
    (tmp_path / "secret_key").write_bytes(b"two\nlines\n")
    with pytest.raises(ConfigError, match="must hold one line"):
        create_app(Settings(db=tmp_path / "kb.db"))


def test_digest_send_reads_the_key_file(tmp_path, no_env_key):
    db = tmp_path / "kb.db"
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "digest", "send", "--dry-run"])
    # no database yet: said alone, not after a warning about the key (kb init makes both)
    assert result.exit_code == 1 and "does not exist; run 'kb init'" in result.output
    assert "secret" not in result.output
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


WEAK = {"short": "s3cr3t", "one character": "x" * 64, "two characters": "ab" * 20}


@pytest.mark.parametrize("key", WEAK.values(), ids=WEAK.keys())
@pytest.mark.parametrize("command", [["serve", "--port", "5999"], ["digest", "send", "--dry-run"],
                                     ["digest", "preview"]], ids=["serve", "send", "preview"])
def test_a_weak_key_in_the_setting_is_refused_by_the_commands_that_sign(tmp_path, no_env_key, monkeypatch, key,
                                                                        command):
    # A key of a few characters signed sessions and unsubscribe links: a guessed key forges both.
    import web.server

    monkeypatch.setattr(web.server, "serve", lambda *a, **k: pytest.fail("the server started"))
    db = tmp_path / "kb.db"
    Store(db).close()
    result = CliRunner().invoke(cli, ["--db", str(db), *command], env={"KB_SECRET_KEY": key})
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: secret_key (KB_SECRET_KEY, or secret_key in kb.toml) is too weak to sign "
                                    "sessions and links (")
    assert "at least 32 needed" in result.output or "at least 8 needed" in result.output
    assert "secrets.token_hex(32)" in result.output and "'kb init'" in result.output
    assert key not in result.output  # the key itself is not echoed


def test_a_weak_key_file_is_named_with_how_to_make_a_new_one(tmp_path, no_env_key):
    (tmp_path / "secret_key").write_text("0123456789\n")
    Store(tmp_path / "kb.db").close()
    with pytest.raises(ConfigError) as caught:
        create_app(Settings(db=tmp_path / "kb.db"))
    assert str(caught.value) == (f"the secret key in {tmp_path / 'secret_key'} is too weak to sign sessions and links "
                                 "(10 characters, at least 32 needed): remove the file and run 'kb init' to make a "
                                 "new one")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "kb.db"), "digest", "send"])
    assert result.exit_code == 1 and "the secret key in" in result.output and "too weak" in result.output


def test_commands_that_do_not_sign_ignore_a_weak_key(tmp_path, no_env_key, write):
    write("retro.md", "# Retro\n\n## Lessons learned\n- Keep keys long.\n")
    db = tmp_path / "kb.db"
    runner = CliRunner()
    for command in (["init"], ["ingest", "--no-index", str(write.base)], ["stats"]):
        result = runner.invoke(cli, ["--db", str(db), *command], env={"KB_SECRET_KEY": "weak"})
        assert result.exit_code == 0, result.output


def test_the_shared_test_key_and_a_key_kb_init_makes_are_strong_enough(tmp_path, no_env_key):
    assert with_secret_key(Settings(db=tmp_path / "kb.db", secret_key=TEST_SECRET_KEY)).secret_key == TEST_SECRET_KEY
    assert CliRunner().invoke(cli, ["--db", str(tmp_path / "kb.db"), "init"]).exit_code == 0
    made = with_secret_key(Settings(db=tmp_path / "kb.db")).secret_key
    assert len(made) == 64
