"""What every ``kb`` command shares: the application object, error handling, common options."""

from __future__ import annotations

import difflib
import getpass
import os
import re
import sqlite3
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import click

from kb.commands.messages import counted
from kb.display import human_duration
from kb.export import LANGUAGES as EXPORT_LANGUAGES
from kb.models import DOC_TYPE_LABELS, LESSON_KIND_LABELS, DocType, LessonKind, ReviewStatus
from kb.settings import Settings
from kb.store import MAX_ROW_ID, Filters, Store

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


# The commands that may make a new database where --db points (the rest, kb serve and its web app too, say it does
# not exist): one run from another folder, or with a mistyped --db, must not answer from a new, empty database that
# it leaves behind. Of the groups 'user' and 'subscribers', only 'add' (and 'subscribers import') may: each group
# narrows App.may_create for its subcommand.
CREATING_COMMANDS = frozenset({"init", "ingest", "restore", "user", "subscribers"})


class App:
    """What every command needs: the settings, and the store opened on first use."""

    def __init__(self, settings: Settings, *, may_create: bool = True) -> None:
        self.settings = settings
        self.may_create = may_create
        self._store: Store | None = None
        self._index: Any = None
        self._said_waiting = False

    def store(self, *, create: bool | None = None) -> Store:
        """The store, opened once (made if missing only when the command may create it)."""
        if self._store is None:
            self._store = Store(self.settings.db, create=self.may_create if create is None else create,
                                on_lock_wait=self._say_waiting)
            say_upgraded(f"{self.settings.db}", self._store.migrated, self._store.migration_seconds)
        return self._store

    def _say_waiting(self, left: float) -> None:
        """A write waits for another process's write lock: said at once on stderr (stdout stays clean for --json),
        once a command, where the wait was silent until it failed 30 s later."""
        if not self._said_waiting:
            self._said_waiting = True
            notice(f"waiting for {self.settings.db}: another kb process is writing to it (an ingest, a reindex, "
                   f"a serve); this goes on once it is done, or gives up {left:.0f} s from now")

    def index(self) -> Any:
        """The search index of the store (the model loads only when text must be embedded)."""
        if self._index is None:
            from search import SearchIndex
            from search.schema import upgrade_ahead

            ahead = upgrade_ahead(self.store().conn)
            if ahead:  # some read every chunk: a wait of seconds to minutes, said before it starts
                notice(f"upgrading the search tables of {self.settings.db}: {counted('migrations', len(ahead))} to "
                       "apply (some read every chunk) …")
            self._index = SearchIndex(self.store(), self.settings)
            say_upgraded(f"the search tables of {self.settings.db}", self._index.migrated,
                         self._index.migration_seconds)
        return self._index

    def searcher(self) -> Any:
        """A searcher over the index."""
        from search import Searcher

        return Searcher(self.index())

    def close(self) -> None:
        """Close the store if it was opened."""
        if self._store is not None:
            self._store.close()


def write_search_cache(app: App, *, quiet: bool) -> None:
    """After indexing: write the tables a cold search loads fastest from (search/fast_start.py), if they are
    missing or out of date. A failure costs only speed, so it is a warning."""
    started = time.perf_counter()
    try:
        written = app.index().write_cache()
    except (OSError, sqlite3.Error) as exc:
        click.echo(f"warning: the search cache was not written ({exc}); search still works, only slower to start",
                   err=True)
        return
    if written and not quiet:
        click.echo(f"Search cache written to {app.index().cache_folder} in {human_duration(time.perf_counter() - started)} "
                   "(for a fast start)", err=True)


SYNC_INTERRUPTED = ("interrupted while indexing: every document is stored, each whole, but the search index has "
                    "only some of the changes ('kb check' lists what it lacks); 'kb ingest' again (unchanged files "
                    "are skipped) finishes it, reusing the texts already embedded")


def sync_index(app: App, *, show_progress: bool) -> Any:
    """Bring the search index in step with the store; on Ctrl-C say what is stored and how to finish."""
    try:
        return app.index().sync(progress_bar("Indexing", "doc") if show_progress else None,
                                progress_bar("Translating", "chunk") if show_progress else None)
    except KeyboardInterrupt:  # chunks are written one batch per transaction: the store stays whole
        raise click.ClickException(SYNC_INTERRUPTED) from None


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
    """A row number typed as an argument (a session, item or lesson id).

    Raises:
        click.ClickException: anything but a whole number from 1 to ``MAX_ROW_ID``, one line naming ``field``.
    """
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 19 and 1 <= int(digits) <= MAX_ROW_ID):
        raise click.ClickException(f"'{field}': '{text[:30]}' is not an id (a whole number from 1)")
    return int(digits)


def _enum_choice(enum: type, label: str) -> click.Choice:
    return click.Choice([e.value for e in enum], case_sensitive=False)


# A kind or type may be typed as its code (went_wrong), its English label ("Went wrong") or its Chinese one (需要改进),
# as the web pages name them.
_KIND_NAMES = {zh: kind.value for kind, (_, zh) in LESSON_KIND_LABELS.items()}
_TYPE_NAMES = {zh: doc_type.value for doc_type, (_, zh) in DOC_TYPE_LABELS.items()}


def _normalize_kinds(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    return [_KIND_NAMES.get(v.strip(), _code(v)) for v in values]


def lesson_kinds(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    """A ``--kind`` option's values as codes, typed as codes or as English or Chinese names (需要改进).

    Raises:
        click.BadParameter: a name that is no kind, listing each code with its Chinese name.
    """
    kinds = _normalize_kinds(ctx, param, values)
    for value in kinds:
        if value not in {k.value for k in LessonKind}:
            raise click.BadParameter(f"unknown kind '{value}'; use one of: {_named(_KIND_NAMES)}")
    return kinds


def _normalize_types(ctx: click.Context, param: click.Parameter, values: tuple[str, ...]) -> list[str]:
    return [_TYPE_NAMES.get(v.strip(), _code(v)) for v in values]


def _code(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def _named(names: dict[str, str]) -> str:
    """"went_well 做得好的, went_wrong 需要改进, …": each code with its Chinese name."""
    return ", ".join(f"{code} {zh}" for zh, code in names.items())


KINDS_NAMED = _named(_KIND_NAMES)  # for a --kind option's help


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from kb.errors import InvalidInput
    from kb.fields import date_field

    try:
        return date_field(value, param.name or "date")  # 2025/01/31 and 2025年1月31日 too, as on the web forms
    except InvalidInput as exc:  # what is wrong as the web says it (2026-02-30 does not exist), without the field
        wrong = "does not exist" if str(exc).endswith("does not exist; use YYYY-MM-DD") else "is not a date"
        raise click.BadParameter(f"'{value}' {wrong}; use YYYY-MM-DD") from None


def filter_options(*, kinds: bool = False, status: bool = False) -> Any:
    """The filter flags shared by listings (and search)."""

    def decorate(f: Any) -> Any:
        options = [
            click.option("--project", "-p", multiple=True, help="Only this project (repeatable)."),
            click.option("--tag", "-t", "tags", multiple=True, help="Only documents/lessons with this tag (repeatable)."),
            click.option("--all-tags", is_flag=True, help="With several --tag: require all of them (default: any)."),
            click.option("--type", "doc_types", multiple=True, callback=_normalize_types,
                         help=f"Document type: {_named(_TYPE_NAMES)} (repeatable)."),
            click.option("--lang", "languages", multiple=True, type=click.Choice(["zh", "en", "mixed"]),
                         help="Document language (repeatable)."),
            click.option("--since", callback=_date, metavar="DATE", help="Documents dated on or after YYYY-MM-DD."),
            click.option("--until", callback=_date, metavar="DATE", help="Documents dated on or before YYYY-MM-DD."),
        ]
        if kinds:
            options.append(click.option("--kind", "-k", "kinds", multiple=True, callback=_normalize_kinds,
                                        help=f"Lesson kind: {_named(_KIND_NAMES)} (repeatable)."))
        if status:
            options.append(click.option("--status", "statuses", multiple=True,
                                        type=_enum_choice(ReviewStatus, "status"), help="Review status (repeatable)."))
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


def make_filters(kw: dict[str, Any]) -> Filters:
    """Build store filters from the shared flags, rejecting unknown types and kinds."""
    doc_types = kw.pop("doc_types", [])
    kinds = kw.pop("kinds", []) or []
    for value in doc_types:
        if value not in {t.value for t in DocType}:
            raise click.BadParameter(f"unknown type '{value}'; use one of: {_named(_TYPE_NAMES)}",
                                     param_hint="'--type'")
    for value in kinds:
        if value not in {k.value for k in LessonKind}:
            raise click.BadParameter(f"unknown kind '{value}'; use one of: {_named(_KIND_NAMES)}",
                                     param_hint="'--kind' / '-k'")
    return Filters(project=list(kw.pop("project", [])), tags=list(kw.pop("tags", [])),
                   tags_mode="all" if kw.pop("all_tags", False) else "any", doc_type=doc_types, kind=kinds,
                   language=list(kw.pop("languages", [])), since=kw.pop("since", None), until=kw.pop("until", None),
                   review_status=list(kw.pop("statuses", []) or []))


def warn_unmatched(store: Store, filters: Filters) -> None:
    """Say on stderr which --project, --tag or --document no document or lesson has, with the nearest names, so a typo
    (-p 智慧仓储 for 智慧仓储WMS上线) is not read as "0 lessons"."""
    projects = [r["value"] for r in store.facet_values("project")] if filters.project else []
    folded = {_ascii_lower(p) for p in projects}  # as COLLATE NOCASE compares them
    for name in filters.project:
        if _ascii_lower(name.strip()) not in folded:
            _warn_unmatched("project", name, _nearest(name.strip(), projects), "kb docs --sort project")
    if filters.document and not store.document_titles([filters.document]):
        _warn_no_document(store, filters.document)
    names = filters.tag_names()
    for name, group in zip(names, store.tag_groups(names)):
        if not any(store.tags(exact=n) for n in group):
            near = [t["name"] for t in store.tags(contains=name, limit=3)]
            _warn_unmatched("tag", name, near or _nearest(name, [t["name"] for t in store.tags()]), "kb tag list")


def _warn_no_document(store: Store, key: str) -> None:
    click.echo(f"warning: no document has the key '{key}'; {key_hint(store, key)}", err=True)


def key_hint(store: Store, key: str) -> str:
    """What to say after "no document has the key": the nearest keys, or where they are listed."""
    near = _nearest(key.strip(), [r["key"] for r in store.rows("SELECT key FROM documents ORDER BY key")])
    return f"did you mean {' or '.join(repr(k) for k in near)}?" if near else "kb docs --sort key lists them"


def _warn_unmatched(what: str, name: str, near: list[str], lister: str) -> None:
    hint = f"did you mean {' or '.join(repr(n) for n in near)}?" if near else f"{lister} lists them"
    click.echo(f"warning: no {what} is named '{name}'; {hint}", err=True)


def _nearest(name: str, names: list[str]) -> list[str]:
    holding = [n for n in names if _ascii_lower(name) in _ascii_lower(n)]
    return (holding or difflib.get_close_matches(name, names, n=3, cutoff=0.6))[:3]


def _ascii_lower(text: str) -> str:
    return "".join(c.lower() if c.isascii() else c for c in text)


def progress_bar(label: str, unit: str) -> Any:
    def factory(total: int) -> Any:
        from tqdm import tqdm

        return tqdm(total=total, desc=label, unit=unit, file=sys.stderr, disable=not sys.stderr.isatty(),
                    leave=False, dynamic_ncols=True)

    return factory


def say_upgraded(what: str, applied: list[str], seconds: float) -> None:
    """Say on stderr that opening brought a store made by an older version up to date (README, Upgrading): which
    migrations ran and how long they took. They ran silently before: 18 on a store of 4,594 documents, 9 s."""
    if not applied:
        return
    names = applied[0] if len(applied) == 1 else f"{applied[0]} … {applied[-1]}"
    notice(f"upgraded {what} to this version: {counted('migrations', len(applied))} applied ({names}) in "
           f"{human_duration(seconds)}, each recorded as it finished")


def notice(message: str) -> None:
    """A line on stderr that a progress bar there cannot break: with a bar on the screen (``progress_bar``), the bar
    is cleared, the line written and the bar drawn again below it (tqdm.write); written after the bar's text, the
    line ran on from it and the bar's next redraw overwrote its start."""
    tqdm = sys.modules.get("tqdm")  # no bar was ever made without it: nothing to clear, and no import to pay for
    if tqdm is None:
        click.echo(message, err=True)
        return
    tqdm.tqdm.write(message, file=sys.stderr)


def actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


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


_UNITS = {"h": "hours", "d": "days", "w": "weeks"}  # Lifetime's units


class Lifetime(click.ParamType):
    """How long a new token works: a whole number and a unit, 90d (days), 12w (weeks) or 8h (hours)."""

    name = "time"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> timedelta:
        if isinstance(value, timedelta):
            return value
        found = re.fullmatch(r"\s*(\d{1,5})\s*([hdw])\s*", str(value).lower())
        if not found or int(found.group(1)) == 0:
            self.fail(f"'{value}' is not a time such as 90d, 12w or 8h (a whole number of days, weeks or hours, "
                      "more than 0)", param, ctx)
        return timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})
