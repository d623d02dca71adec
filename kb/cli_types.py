"""The kinds of value ``kb`` commands take: row numbers and counts said in one line when out of range, a row id typed
as an argument, a token's lifetime (90d)."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from kb.store import MAX_ROW_ID
from kb.text import shown_value

LESSON_PREFIX = "lesson:"  # how kb show and kb tag add name a lesson (lesson:802), taken wherever a lesson id is


class RowNumber(click.IntRange):
    """A whole number from ``low`` up. Help shows '[x>=low]', not SQLite's 64-bit ceiling (a larger number cannot
    be bound), which is still refused, with its own message; a smaller one is "not a number from ``low``"."""

    name = "integer"  # click's IntRange says "'abc' is not a valid integer range." and shows INTEGER RANGE in --help

    def __init__(self, low: int) -> None:
        super().__init__(min=low)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number = click.INT.convert(value, param, ctx)
        if number < self.min:  # as NumberArguments says '-5' typed bare, not click's "not in the range x>=1."
            self.fail(f"{number} is not a number from {self.min}", param, ctx)
        if number > MAX_ROW_ID:
            self.fail(f"{number} is too large (at most {MAX_ROW_ID}).", param, ctx)
        return number


class LessonId(RowNumber):
    """A lesson's id, as a number (802) or as ``kb show`` and ``kb tag add`` take it (lesson:802): a user copies it
    from one command to the next."""

    def __init__(self) -> None:
        super().__init__(1)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number = _without_prefix(value)
        if isinstance(number, str) and not re.fullmatch(r"-?[0-9]+", number):  # not \d: ١٢ too (ascii_digits)
            written = ascii_digits(number)
            how = f"write it in ASCII digits, {written} or lesson:{written}" if written else "write 802 or lesson:802"
            self.fail(f"'{str(value)[:30]}' is not a lesson id: {how}", param, ctx)
        return super().convert(number, param, ctx)


def _without_prefix(value: Any) -> Any:
    """``value`` without a leading "lesson:" (any case, spaces around it allowed)."""
    if isinstance(value, str) and value.strip().lower().startswith(LESSON_PREFIX):
        return value.strip()[len(LESSON_PREFIX):].strip()
    return value


class Count(click.IntRange):
    """A whole number from ``low`` to ``high`` (a --limit, --page, --port): help shows INTEGER and '[1<=x<=200]'; a
    number outside is said as RowNumber says one, "-5 is not a number from 1 to 10000" (click said "-5 is not in
    the range 1<=x<=10000.")."""

    name = "integer"

    def __init__(self, low: int, high: int | None = None) -> None:
        super().__init__(min=low, max=high)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        number = click.INT.convert(value, param, ctx)
        if number < self.min or (self.max is not None and number > self.max):
            upto = "" if self.max is None else f" to {self.max}"
            self.fail(f"{number} is not a number from {self.min}{upto}", param, ctx)
        return number


class Megabytes(click.ParamType):
    """A size in megabytes above 0 (20, 0.5): '0' was "0.0 is not in the range x>=0.001." (click's FloatRange), and
    'nan' or 'inf' passed."""

    name = "MB"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        if isinstance(value, float):
            return value
        try:
            number = float(str(value).strip())
        except ValueError:
            self.fail(f"'{shown_value(value)}' is not a number of megabytes (such as 20 or 0.5)", param, ctx)
        if not 0 < number < float("inf"):  # nan too
            self.fail(f"'{shown_value(value)}' is not a size above 0 MB (such as 20 or 0.5)", param, ctx)
        return number


class Folder(click.Path):
    """A folder argument: a file given is said in the command's words ("'x.db' is a file: a backup is a folder …"),
    where click said "Directory 'x.db' is a file."."""

    def __init__(self, if_file: str, *, exists: bool = False) -> None:
        super().__init__(exists=exists, file_okay=False, path_type=Path)
        self.if_file = if_file

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if os.path.isfile(os.fsdecode(value)):
            self.fail(f"'{os.fsdecode(value)}' is a file: {self.if_file}", param, ctx)
        return super().convert(value, param, ctx)


class FileName(click.Path):
    """A file an option names (``--csv FILE``): an option typed in its place is not taken for a file's name.
    ``kb docs --csv --help`` wrote the listing to a file named '--help'; now the help is printed, and any other option
    there (``--csv --xlsx out.xlsx``) is refused naming it. A file whose name starts with '-' is written ./-name; '-'
    alone (standard output, where the option takes it) stays."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        text = os.fsdecode(value) if isinstance(value, str | bytes) else ""
        if text.startswith("-") and text != "-":
            if ctx is not None and text in ctx.help_option_names:
                click.echo(ctx.get_help(), color=ctx.color)
                ctx.exit()
            self.fail(f"'{shown_value(text)}' is an option, not a file name (a file whose name starts with '-': "
                      f"./{shown_value(text)})", param, ctx)
        return super().convert(value, param, ctx)


class NumberArguments(click.Command):
    """A command whose arguments are row numbers: '-5' among them is refused naming them, where click said "No such
    option '-5'" (a usage error, exit 2; ``one_line`` for one line and exit 1 instead)."""

    one_line = False

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            if not re.fullmatch(r"-\d+", exc.option_name or ""):
                raise
            arguments = [p for p in self.params if isinstance(p, click.Argument)]
            if self.one_line:
                names = " / ".join(f"'{p.human_readable_name}'" for p in arguments)
                raise click.ClickException(f"{names}: {exc.option_name} is not a number from 1") from None
            raise click.BadParameter(f"{exc.option_name} is not a number from 1", ctx,
                                     arguments[0] if len(arguments) == 1 else None) from None


def row_id(text: str, field: str) -> int:
    """A row number typed as an argument (a session, item or lesson id; a LESSON_ID also as lesson:802).

    Raises:
        click.ClickException: anything but a whole number from 1 to ``MAX_ROW_ID``, one line naming ``field``.
    """
    digits = (_without_prefix(text) if field == "LESSON_ID" else text).strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 19 and 1 <= int(digits) <= MAX_ROW_ID):
        written = ascii_digits(digits)
        how = f": write it in ASCII digits, {written}" if written else " (a whole number from 1)"
        raise click.ClickException(f"'{field}': '{text[:30]}' is not an id{how}")
    return int(digits)


def ascii_digits(text: str) -> str | None:
    """A number typed in another script's digits (Arabic-Indic ١٢, full-width １２) in ASCII digits ("12"), to say how
    to write it; None for anything else, ASCII digits too. ``int`` reads the decimal digits of every script, but a row
    id is ASCII digits alone (kb.store.is_row_id), on the web as here."""
    text = text.strip()
    if not text.isdecimal() or text.isascii() or len(text) > 19:
        return None
    return str(int(text))



_UNITS = {"h": "hours", "d": "days", "w": "weeks"}  # Lifetime's units


class Lifetime(click.ParamType):
    """How long a new token works: a whole number and a unit, 90d (days), 12w (weeks) or 8h (hours)."""

    name = "time"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> timedelta:
        if isinstance(value, timedelta):
            return value
        found = re.fullmatch(r"\s*(\d{1,5})\s*([hdw])\s*", str(value).lower())
        if not found or int(found.group(1)) == 0:
            self.fail(f"'{shown_value(value)}' is not a time such as 90d, 12w or 8h (a whole number of days, weeks or "
                      "hours, more than 0)", param, ctx)
        return timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})
