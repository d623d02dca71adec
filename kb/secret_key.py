"""The secret key that signs web sessions and e-mail links, kept in a file that only the commands that sign read.

``secret_key`` (``KB_SECRET_KEY``) still works; without it, ``kb serve``, ``kb digest`` and the web app factory read
``secret_key_file`` (default: ``secret_key`` beside the database). No other command reads it, so a command that
handles untrusted files (``kb ingest``) never holds it.
"""

from __future__ import annotations

import secrets
from pathlib import Path

from kb.errors import ConfigError
from kb.permissions import private_file, private_folder
from kb.settings import Settings

DEFAULT_NAME = "secret_key"
MAX_BYTES = 4096
MIN_LENGTH = 32  # 'kb init' makes 64 hex characters
MIN_DISTINCT = 8  # a key of one repeated character (or "abab…") is no better than a short one
MAKE_ONE = "python3 -c 'import secrets; print(secrets.token_hex(32))'"


def secret_key_path(settings: Settings) -> Path:
    """Where the secret key file is: ``secret_key_file``, or ``secret_key`` beside the database."""
    if settings.secret_key_file:
        return Path(settings.secret_key_file).expanduser()
    return settings.db.parent / DEFAULT_NAME


def with_secret_key(settings: Settings) -> Settings:
    """The settings with ``secret_key`` read from the secret key file, unless it is set already.

    A missing or empty file leaves it empty (the caller says what is needed).

    Raises:
        ConfigError: the file exists but cannot be read, or is not a short line of text; or the key, set or read, is
            too weak (shorter than ``MIN_LENGTH``, or fewer than ``MIN_DISTINCT`` different characters).
    """
    if settings.secret_key:
        _check_strength(settings.secret_key, "secret_key (KB_SECRET_KEY, or secret_key in kb.toml)",
                        f"set it to a random one, made by {MAKE_ONE}, or unset it and let 'kb init' make the key file")
        return settings
    path = secret_key_path(settings)
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except FileNotFoundError:
        return settings
    except OSError as exc:
        raise ConfigError(f"cannot read the secret key file {path}: {exc.strerror}") from None
    try:
        key = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        key = ""
    if len(raw) > MAX_BYTES or (raw.strip() and not key) or "\n" in key:
        raise ConfigError(f"the secret key file {path} must hold one line of text (a random key)")
    if key:
        _check_strength(key, f"the secret key in {path}", "remove the file and run 'kb init' to make a new one")
    return settings.replace(secret_key=key) if key else settings


def key_weakness(key: str) -> str | None:
    """Why a key is too weak to sign sessions and links, or None if it is long and varied enough."""
    if len(key) < MIN_LENGTH:
        return f"{len(key)} characters, at least {MIN_LENGTH} needed"
    if len(set(key)) < MIN_DISTINCT:
        return f"only {len(set(key))} different characters, at least {MIN_DISTINCT} needed"
    return None


def _check_strength(key: str, where: str, remedy: str) -> None:
    weakness = key_weakness(key)
    if weakness:
        raise ConfigError(f"{where} is too weak to sign sessions and links ({weakness}): {remedy}")


def create_secret_key_file(settings: Settings) -> Path | None:
    """Make a random secret key file (readable by its owner only) if no key is set and the file does not exist.

    The existing file, if any, is not read.

    Returns:
        The path of the file made, or None if there was nothing to do.

    Raises:
        ConfigError: the file cannot be made or written (a full disk): none is left, where an empty one was, which
            'kb init' then took for a key made and 'kb serve' for no key.
    """
    path = secret_key_path(settings)
    if settings.secret_key or path.exists():
        return None
    try:
        private_folder(path.parent)
        if not private_file(path):
            return None
    except OSError as exc:
        raise ConfigError(f"cannot make the secret key file {path}: {exc.strerror or exc}") from None
    try:
        path.write_text(secrets.token_hex(32) + "\n", encoding="utf-8")
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise ConfigError(f"cannot write the secret key file {path}: {exc.strerror or exc}; none was made, and "
                          "'kb init' makes it once there is space") from None
    return path
