"""How the ``kb`` command line says what went wrong: one line and an exit status, never a traceback."""

from __future__ import annotations

import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from kb.cli_support import App
from kb.disk import unwritten
from kb.errors import KBError


class KBGroup(click.Group):
    """Turns domain errors, and a file or folder that cannot be read or written, into a one-line message and exit
    status 1, never a traceback."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for arg in args:
            _refuse_undecodable(arg)
        if ctx.parent is None:
            args = help_wherever(self, ctx, args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KBError as exc:
            raise click.ClickException(str(exc)) from None
        except sqlite3.OperationalError as exc:
            raise click.ClickException(_database_error(ctx, exc)) from None
        except OSError as exc:
            if exc.filename is None and unwritten(exc):  # a write that names no file (a full disk)
                raise click.ClickException(f"a file could not be written: {exc.strerror}; free some space and run "
                                           "the command again (what was stored before stays whole)") from None
            if exc.filename is None:  # not about a file the user named (a broken pipe, say): not ours to word
                raise
            raise click.ClickException(f"{exc.filename}: {exc.strerror or exc}") from None
        except KeyboardInterrupt:
            raise click.ClickException("interrupted") from None
        except UnicodeEncodeError as exc:
            if "surrogate" not in exc.reason or not isinstance(exc.object, str) or not _undecoded(exc.object):
                raise
            raise click.ClickException(_not_text(exc.object)) from None


def help_wherever(group: click.Group, ctx: click.Context, args: list[str]) -> list[str]:
    """The arguments, or, where --help (or -h) is among them before any ``--``, the command they name with --help:
    an option taking a value took it for one, and ran. ``kb user add zed --display-name --help`` made an account
    named '--help' to show; ``kb docs --csv --help`` wrote a file named '--help'. The root's options and their values
    stay (``kb --db x.db user add --help``)."""
    end = args.index("--") if "--" in args else len(args)
    asked = set(ctx.help_option_names)
    if not asked.intersection(args[:end]):
        return args
    kept: list[str] = []
    command: click.Command = group
    rest = iter(args[:end])
    for arg in rest:
        if arg in asked or not isinstance(command, click.Group):
            break
        if arg in command.commands:
            command = command.commands[arg]
        elif not arg.startswith("-"):
            break
        elif _takes_value(command, arg):
            kept.append(arg)
            arg = next(rest, "")
            if arg in asked:
                break
        kept.append(arg)
    return [*kept, "--help"]


def _takes_value(command: click.Command, arg: str) -> bool:
    """Whether ``arg`` is an option of ``command`` whose value is the next argument (not ``--db=x.db``)."""
    return any(isinstance(p, click.Option) and arg in p.opts and not p.is_flag and not p.count for p in command.params)


def _refuse_undecodable(arg: str) -> None:
    """An argument whose bytes are not text in the locale's encoding (GBK typed where the locale says UTF-8: Python
    keeps such bytes as lone surrogates) is refused in one line, saying what they read as in GB18030; it was a
    traceback where printed, and "punctuation and symbols alone" as a query. A file or folder that exists by that
    name is let through: a file name may be in another encoding.

    Raises:
        click.ClickException: naming the bytes and the locale, in one line (exit status 1, as a tag or title with a
            control character is refused).
    """
    if not _undecoded(arg) or os.path.lexists(arg):
        return
    encoding = sys.getfilesystemencoding()
    raw = arg.encode(encoding, "surrogateescape")
    raise click.ClickException(f"an argument is not {encoding.upper()} text (bytes {raw[:24].hex(' ')}"
                               f"{_gb18030(raw)}): the terminal sends another encoding than the locale says (LANG, "
                               "LC_ALL); set it to UTF-8")


def not_text_input(raw: bytes, encoding: str) -> str:
    """What to say of standard input (``kb search -``, ``kb similar --text -``) that is not text in its encoding, from
    its first undecodable bytes: a GBK file piped in was taken for a file name not in UTF-8 ("rename it"), or was a
    traceback where the locale decodes strictly."""
    return (f"standard input is not {encoding.upper()} text (bytes {raw[:24].hex(' ')}{_gb18030(raw[:24])}): convert "
            "it to UTF-8 (iconv -f gbk -t utf-8 FILE) and run the command again")


def undecoded_start(text: str) -> int | None:
    """Where text read with surrogateescape first holds bytes its encoding could not decode, or None."""
    return next((i for i, c in enumerate(text) if "\udc80" <= c <= "\udcff"), None) if _undecoded(text) else None


def _not_text(name: str) -> str:
    """What to say of a file name (or other text from the system) that is not text in the locale's encoding: a
    folder unzipped from a Chinese Windows keeps its GBK names. It was a traceback from the store."""
    name = next(p for p in re.split(r'["\n]', name) if _undecoded(p))  # a name, of a JSON list of them
    encoding = sys.getfilesystemencoding()
    raw = name.encode(encoding, "surrogateescape")
    shown = raw.decode(encoding, "backslashreplace")
    return (f"'{shown}' is not {encoding.upper()} text{_gb18030(raw)}: rename it to UTF-8 (convmv -f gbk -t utf-8 "
            "--notest NAME; unzip -O gbk for an archive) and run the command again; what it stored before stays whole")


def _undecoded(text: str) -> bool:
    """Whether text holds bytes the locale's encoding could not decode, each kept as a lone surrogate U+DC80-U+DCFF
    (Python's surrogateescape), and no other lone surrogate."""
    surrogates = [c for c in text if "\ud800" <= c <= "\udfff"]
    return bool(surrogates) and all("\udc80" <= c <= "\udcff" for c in surrogates)


def _gb18030(raw: bytes) -> str:
    try:
        return f", which GB18030 reads as '{raw.decode('gb18030')}'"
    except UnicodeDecodeError:
        return ""


def _database_error(ctx: click.Context, exc: sqlite3.OperationalError) -> str:
    """An SQLite error in one line naming the database; a lock held past the wait says whose it may be."""
    from kb.store.core import LOCKED_HINT

    db = ctx.obj.settings.db if isinstance(ctx.obj, App) else None
    where = f"database {db}" if db else "database"
    if "locked" in str(exc) or "busy" in str(exc):
        return f"{where} is locked: {LOCKED_HINT}"
    cause = unwritten(exc)
    if cause is None:
        return f"{where}: {exc}"
    if exc.sqlite_errorname.startswith("SQLITE_READONLY"):
        return f"{where} cannot be written: {cause}; commands that only read it work; nothing was changed"
    return (f"{where}: {cause}: the change that needed the space was not made (what was stored before stays whole); "
            "free some space and run the command again")


def database_file(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """``--db``: an empty value (``--db ''``, ``--db "$UNSET"``) is refused; it read "cannot open . as a Lessons KB
    database: unable to open database file".

    Raises:
        click.BadParameter: an empty path (click makes it '.', the current folder).
    """
    if value is not None and value == Path():
        raise click.BadParameter("it is empty; give the database file (kb-data/kb.db when --db is left out)")
    return value
