"""Spreadsheet exports from the CLI: their language (the locale's), --json refused beside them, and the file or
standard output written."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from kb.export import LANGUAGES as EXPORT_LANGUAGES


def locale_language() -> str:
    """The language of the user's locale, the first of LC_ALL, LC_MESSAGES and LANG that is set (as setlocale reads
    them; gettext's own LANGUAGE list is not read): "zh" for a Chinese one, else "en"."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def export_language_option(f: Any) -> Any:
    """``--export-lang zh|en`` for a command that writes spreadsheets (default: the locale's language)."""
    return click.option("--export-lang", "export_lang", type=click.Choice(EXPORT_LANGUAGES), default=None,
                         help="Language of the spreadsheet's headers and of its kind, type and review columns "
                              "(default: the locale's, from LC_ALL/LC_MESSAGES/LANG; codes such as went_wrong "
                              "are in the *_code columns in either).")(f)


def refuse_json_with_export(as_json: bool, **exports: Path | None) -> None:
    """``--json`` and a spreadsheet export both name what to print: given together, say so instead of dropping one.

    Raises:
        click.UsageError: ``--json`` with ``--csv`` or ``--xlsx`` (exit status 2, with the command's usage line).
    """
    given = [f"--{name}" for name, path in exports.items() if path is not None]
    if as_json and given:
        raise click.UsageError(f"--json cannot be combined with {' or '.join(given)}: choose one "
                               "('--csv -' writes the CSV to standard output)")


def write_export(data: bytes, path: Path) -> None:
    """Write an export to a file, or to standard output for ``-``.

    Raises:
        click.ClickException: the file cannot be written (one line, no traceback).
    """
    if str(path) == "-":
        if data.startswith(b"PK\x03\x04") and sys.stdout.isatty():  # a zip: an Excel workbook
            raise click.ClickException("an Excel workbook is no text for a terminal: name a file, or send standard "
                                       "output to one ('- > lessons.xlsx')")
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror or exc}") from None
