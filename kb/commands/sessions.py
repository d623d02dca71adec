"""``kb session``: share sessions (经验分享会) from the shell, as curators assemble them on /sessions: list, show or
export an agenda, create, add, remove and move lessons, draft -> scheduled -> held, delete (``edit`` and ``item``,
changing a session's details and an item's, are in kb/commands/session_edits.py; the agenda as a terminal shows it
in kb/commands/session_agenda.py).

The store validates as it does for the web (kb/store/sessions.py, kb.agenda); ``--json`` prints the session objects
the JSON API sends (``Store.session``). Writes are the local administrator's, recorded as ``cli:USER`` (``actor()``,
as ``kb tag add``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from kb import agenda
from kb.cli_exports import locale_language, write_export
from kb.cli_support import App, actor
from kb.cli_types import Count, FileName, NumberArguments, RowNumber, row_id
from kb.commands.messages import counted
from kb.commands.session_agenda import agenda_length, agenda_lines, when_shown
from kb.display import echo_json, listed, table
from kb.errors import InvalidInput, NotFound
from kb.export import LANGUAGES as EXPORT_LANGUAGES
from kb.fields import datetime_field
from kb.store import STATUSES

FORMATS = ("text", "markdown", "ics", "csv", "xlsx")
# The store's field names (in its messages: "'note' is a text of ...") and the options a user typed them as.
OPTIONS = {"title": "--title", "theme": "--theme", "location": "--location", "presenters": "--presenter",
           "audience": "--audience", "description": "--description", "note": "--note", "presenter": "--presenter",
           "scheduled_at": "--starts-at", "starts_at": "--starts-at", "duration_minutes": "--minutes",
           "minutes": "--meeting-minutes"}

# What --starts-at takes, said the same in its help and in every error about it: a date and time on a session (create,
# edit), a time of day on an agenda item (item)
DATE_TIME_FORMS = "2026-12-15 14:30, 2026/12/15 14:30 or 2026年12月15日14时30分, or a date alone"
TIME_FORMS = "14:30, 14.30 or 14时30分, on its session's day"


def starts_at(value: str | None, *, day: bool) -> str | None:
    """A --starts-at as the store takes it (ISO; '' stays '': it clears the value), or one line saying what is wrong
    with it and the forms it takes, the same on create, edit and item (they said "is not a date and time (use
    YYYY-MM-DD HH:MM)", "is invalid: '…' does not exist; use YYYY-MM-DD HH:MM" and "is not a time of day (use HH:MM)").

    Raises:
        click.ClickException: not a date and time (``day``) or not a time of day, or no such day or time.
    """
    if not value or not value.strip():
        return value
    try:
        return datetime_field(value, "--starts-at") if day else agenda.parse_time(value, "--starts-at")
    except InvalidInput as exc:
        typed = value.strip()[:30]
        if day and "does not exist" not in str(exc) and "is not a date" not in str(exc):
            raise  # a control character, a lone surrogate: said as for any field
        if day:
            wrong = "does not exist" if "does not exist" in str(exc) else "is not a date and time"
        else:
            wrong = "is a date and time, not a time of day" if _parses(typed) else "is not a time of day"
        raise click.ClickException(f"'--starts-at': '{typed}' {wrong}; use {DATE_TIME_FORMS if day else TIME_FORMS}"
                                   ) from None


def _parses(text: str) -> bool:
    try:
        return datetime_field(text, "--starts-at") is not None
    except InvalidInput:
        return False


class SessionCommand(NumberArguments):
    """Ids that are not numbers are one line and exit status 1, as an unknown session is."""

    one_line = True


class SessionGroup(click.Group):
    command_class = SessionCommand


@click.group("session", cls=SessionGroup)
def session() -> None:
    """Share sessions (经验分享会): agendas of lessons for a sharing meeting.

    ID is a session's number (kb session list), ITEM_ID an agenda item's (kb session show ID).
    """


@session.command("list")
@click.option("--when", type=click.Choice(["upcoming", "past", "all"]), default="all", show_default=True,
              help="upcoming: not held, soonest first; past: held or dated before today; all.")
@click.option("--status", type=click.Choice(STATUSES), help="Only sessions with this status.")
@click.option("--limit", "-n", type=Count(1, 500), default=50, show_default=True, help="Sessions to list.")
@click.option("--offset", type=RowNumber(0), default=0, help="Skip this many sessions (paging).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the sessions as /api/sessions gives them).")
@click.pass_obj
def session_list(app: App, when: str, status: str | None, limit: int, offset: int, as_json: bool) -> None:
    """Share sessions, drafts included: id, date and time, status, agenda items, title, presenters.

    \b
    Examples:
      kb session list --when upcoming
      kb session list --status held -n 20 --offset 20
    """
    rows, total = app.store().sessions(when=when, status=status, limit=limit, offset=offset)
    if as_json:
        echo_json({"total": total, "offset": offset, "limit": limit,  # as kb docs, kb lessons
                   "sessions": [agenda.with_zone(r, app.settings) for r in rows]})
        return
    if rows:
        click.echo(table([[r["id"], when_shown(r["scheduled_at"]), r["status"], r["items"], r["title"], r["presenters"]]
                          for r in rows], ["id", "when", "status", "items", "title", "presenters"],
                         max_widths=[7, 16, 9, 5, 50, 40]))
    click.echo(listed(offset, len(rows), total, "sessions"), err=True)


@session.command("show", short_help="A session and its agenda: each item's time, length, presenter, lesson, "
                                         "notes.")
@click.argument("session_id", metavar="ID")
@click.option("--format", "-f", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: the agenda as the session's page shows it; markdown and ics (a calendar invitation): the "
                   "files the page offers; csv or xlsx: the agenda as a spreadsheet, one row an item (the shell's "
                   "alone). The files leave a hidden lesson's text out.")
@click.option("--output", "-o", type=FileName(dir_okay=False, allow_dash=True, path_type=Path),
              help="Write to this file ('-': standard output; needed for xlsx) [default: standard output].")
@click.option("--export-lang", type=click.Choice(EXPORT_LANGUAGES), default=None,
              help="Language of the labels of markdown, ics, csv and xlsx (default: the locale's, from "
                   "LC_ALL/LC_MESSAGES/LANG).")
@click.option("--json", "as_json", is_flag=True, help="Print the session as JSON (as /api/sessions/ID).")
@click.pass_obj
def session_show(app: App, session_id: str, fmt: str, output: Path | None, export_lang: str | None,
                 as_json: bool) -> None:
    """A session and its agenda: each item's time (an item without a start time starts when the one before it
    ends), length, presenter, lesson and document, note and minutes.

    \b
    Examples:
      kb session show 3
      kb session show 3 --format markdown -o agenda.md
      kb session show 3 --format ics --export-lang zh -o invitation.ics
      kb session show 3 --format xlsx -o agenda.xlsx
    """
    number = row_id(session_id, "ID")
    if as_json and fmt != "text":
        raise click.UsageError(f"--json cannot be combined with --format {fmt}: choose one")
    if fmt == "xlsx" and output is None:
        raise click.UsageError("--format xlsx writes a workbook: give -o FILE ('-o -' for standard output)")
    if fmt != "text":
        write_export(_exported(app, number, fmt, export_lang or locale_language()), output or Path("-"))
        return
    found = app.store().session(number)
    if as_json:
        echo_json(agenda.with_zone(found, app.settings))
    elif output is not None:
        write_export(click.unstyle("\n".join(agenda_lines(found)) + "\n").encode("utf-8"), output)  # no bold codes
    else:
        click.echo("\n".join(agenda_lines(found)))


def _exported(app: App, session_id: int, fmt: str, lang: str) -> bytes:
    """The file the session's page offers in ``fmt``, made as the web makes it (for anyone: no hidden text)."""
    from urllib.parse import urlsplit

    from kb import export
    from web import agenda_files

    found = app.store().session(session_id, hidden_text=False)
    base = app.settings.base_url.rstrip("/")
    if fmt == "markdown":
        return agenda_files.markdown(found, lang).encode("utf-8")
    if fmt == "ics":
        return agenda_files.invitation(found, lang, url=f"{base}/sessions/{session_id}",
                                       host=urlsplit(base).hostname or "localhost",
                                       zone=app.settings.time_zone).encode("utf-8")
    return export.spreadsheet(fmt, export.AGENDA_COLUMNS, export.agenda_rows(found, base), lang)


@session.command("create")
@click.option("--title", required=True, help="The session's title.")
@click.option("--theme", help="Its theme (the page suggests lessons about it).")
@click.option("--starts-at", "starts_at_text", metavar="DATE TIME", help=f"Date and time: {DATE_TIME_FORMS}.")
@click.option("--location", help="Where it is held.")
@click.option("--presenter", "presenters", multiple=True,
              help="A presenter (repeatable; or several in one, separated by commas).")
@click.option("--audience", help="Who it is for.")
@click.option("--description", help="A description (several lines allowed).")
@click.option("--json", "as_json", is_flag=True, help="Print the new session as JSON (as POST /api/sessions).")
@click.pass_obj
def session_create(app: App, title: str, theme: str | None, starts_at_text: str | None, location: str | None,
                   presenters: tuple[str, ...], audience: str | None, description: str | None,
                   as_json: bool) -> None:
    """Create a draft session (kb session status ID scheduled publishes it once it has a date).

    The length of a session is its items' lengths added up: give each item its minutes with kb session add.

    \b
    Examples:
      kb session create --title "供应商管理经验分享会" --starts-at "2026-12-15 14:30" --presenter 张三 --presenter 李四
      kb session create --title "Cut-over lessons" --theme "DNS cut-over" --location "Room 3"
    """
    data = {"title": title, "theme": theme, "scheduled_at": starts_at(starts_at_text, day=True),
            "location": location, "presenters": ", ".join(presenters) if presenters else None,
            "audience": audience, "description": description}
    store = app.store()
    with as_options():
        made = store.session(store.create_session(data, actor=actor()))
    if as_json:
        echo_json(agenda.with_zone(made, app.settings))
        return
    click.echo(f"created draft share session {made['id']}: {made['title']}")
    click.echo(f"(kb session add {made['id']} LESSON_ID... puts lessons on its agenda)", err=True)


@session.command("add")
@click.argument("session_id", metavar="ID")
@click.argument("lesson_ids", metavar="LESSON_ID...", nargs=-1, required=True)
@click.option("--minutes", "-m", "length", metavar="N", help=f"Each new item's length in minutes (1 to {agenda.MAX_ITEM_MINUTES}).")
@click.option("--note", help="A note on each new item.")
@click.option("--json", "as_json", is_flag=True,
              help="Print the session after it as JSON (the new items: the last ones of its agenda).")
@click.pass_obj
def session_add(app: App, session_id: str, lesson_ids: tuple[str, ...], length: str | None, note: str | None,
                as_json: bool) -> None:
    """Put lessons on a session's agenda, at the end, in the order given (all of them or, on any error, none).
    A LESSON_ID is the [ID] that search, similar and lessons list: 802, or lesson:802 as kb show takes it.

    \b
    Examples:
      kb session add 3 802 815 --minutes 15
      kb session add 3 lesson:1024 --note "请项目经理讲背景"
    """
    number = row_id(session_id, "ID")
    lessons = [row_id(text, "LESSON_ID") for text in lesson_ids]
    minutes = agenda.parse_minutes(length, "--minutes")
    store = app.store()
    with as_options(), store.transaction():  # a lesson that does not exist (or is there already) adds none
        items = [store.add_session_item(number, lesson, note=note, actor=actor()) for lesson in lessons]
        for item in items if minutes else []:
            store.update_session_item(number, item, duration_minutes=minutes)
    found = store.session(number)
    order = [i["id"] for i in found["items"]]
    places = [order.index(item) + 1 for item in items]  # as kb session show numbers the agenda: 1, 2, ...
    if as_json:
        echo_json(agenda.with_zone(found, app.settings))  # the session, as every other session write prints it
        return
    for lesson, item, at in zip(lessons, items, places, strict=True):
        click.echo(f"added lesson {lesson} to share session {number} as number {at} of {len(order)} [item {item}]")
    click.echo(f"{found['title']}: {agenda_length(found)}")


@session.command("remove")
@click.argument("session_id", metavar="ID")
@click.argument("item_id", metavar="ITEM_ID")
@click.option("--json", "as_json", is_flag=True, help="Print the session after it as JSON.")
@click.pass_obj
def session_remove(app: App, session_id: str, item_id: str, as_json: bool) -> None:
    """Take an item off the agenda (ITEM_ID as kb session show lists it: [item 7]).

    \b
    Examples:
      kb session remove 3 7
    """
    number, item = row_id(session_id, "ID"), row_id(item_id, "ITEM_ID")
    app.store().remove_session_item(number, item)
    said(app, number, f"removed item {item} from share session {number}", as_json)


@session.command("move")
@click.argument("session_id", metavar="ID")
@click.argument("item_id", metavar="ITEM_ID")
@click.option("--up", is_flag=True, help="One place earlier.")
@click.option("--down", is_flag=True, help="One place later.")
@click.option("--to", "place", metavar="N", help="To place N of the agenda (1: the first).")
@click.option("--json", "as_json", is_flag=True, help="Print the session after it as JSON.")
@click.pass_obj
def session_move(app: App, session_id: str, item_id: str, up: bool, down: bool, place: str | None,
                 as_json: bool) -> None:
    """Move an agenda item up, down, or to a place; the times of the items after it follow.

    \b
    Examples:
      kb session move 3 7 --up
      kb session move 3 7 --to 1
    """
    if up + down + (place is not None) != 1:
        raise click.UsageError("say where to: one of --up, --down or --to N")
    number, item = row_id(session_id, "ID"), row_id(item_id, "ITEM_ID")
    store = app.store()
    order = [i["id"] for i in store.session(number)["items"]]
    if item not in order:
        raise NotFound(f"no item {item} in share session {number}")  # as the store says it to the web
    target = order.index(item) + (-1 if up else 1) if place is None else _place(place, len(order))
    store.move_session_item(number, item, target - order.index(item))
    at = [i["id"] for i in store.session(number)["items"]].index(item) + 1
    said(app, number, f"item {item} is number {at} of {len(order)} on share session {number}", as_json)


def _place(text: str, count: int) -> int:
    """``--to N`` as an index of the agenda's list, or one line naming the option (a place, not an id)."""
    digits = text.strip()
    if not (digits.isascii() and digits.isdigit() and len(digits) <= 19 and 1 <= int(digits) <= count):
        raise click.ClickException(f"'--to': the agenda has {counted('agenda_items', count)}; give a place from 1 "
                                   f"to {count}, not '{text[:30]}'")
    return int(digits) - 1


@session.command("status")
@click.argument("session_id", metavar="ID")
@click.argument("status", metavar="|".join(STATUSES))
@click.option("--json", "as_json", is_flag=True, help="Print the session after it as JSON.")
@click.pass_obj
def session_status(app: App, session_id: str, status: str, as_json: bool) -> None:
    """Move a session to draft, scheduled or held (scheduling needs a date: kb session edit ID --starts-at).

    \b
    Examples:
      kb session status 3 scheduled
      kb session status 3 held
    """
    number, wanted = row_id(session_id, "ID"), status.strip().lower()
    try:
        app.store().set_session_status(number, wanted)
    except InvalidInput as exc:  # it named no command: the user's next step is to give it a date
        if wanted in ("scheduled", "held") and not app.store().session(number)["scheduled_at"]:
            raise click.ClickException(f'{exc}: kb session edit {number} --starts-at "YYYY-MM-DD HH:MM"') from None
        raise
    said(app, number, f"share session {number} is now {wanted}", as_json)


@session.command("delete")
@click.argument("session_id", metavar="ID")
@click.option("--yes", "-y", is_flag=True, help="Do not ask first.")
@click.option("--json", "as_json", is_flag=True, help='Print {"ok": true, "deleted": ID} (as DELETE /api/sessions/ID).')
@click.pass_obj
def session_delete(app: App, session_id: str, yes: bool, as_json: bool) -> None:
    """Delete a session and its agenda (asks first, unless --yes).

    \b
    Examples:
      kb session delete 3
      kb session delete 3 --yes
    """
    number = row_id(session_id, "ID")
    store = app.store()
    found = store.session(number)
    if not yes and not _confirmed(f"Delete share session {number} '{found['title']}' and its agenda of "
                                  f"{counted('agenda_items', len(found['items']))}?"):
        raise click.ClickException(f"share session {number} is not deleted ('kb session delete {number} --yes' "
                                   "deletes it without asking)")
    store.delete_session(number)
    if as_json:
        echo_json({"ok": True, "deleted": number})
        return
    click.echo(f"deleted share session {number}: {found['title']}")


def _confirmed(question: str) -> bool:
    """The answer to a yes/no question; no answer (standard input closed, as under cron, or Ctrl-C) is no, where
    click said only "Aborted!"."""
    try:
        return click.confirm(question, err=True)
    except click.Abort:
        click.echo(err=True)
        return False


@contextmanager
def as_options() -> Iterator[None]:
    """The store's messages name its fields ('note'); the shell's name the options they were typed as ('--note'), as
    '--starts-at' and '--minutes' are named."""
    try:
        yield
    except InvalidInput as exc:
        field = re.match(r"'(\w+)(\[\d+\])?'", str(exc))
        if field is None or field.group(1) not in OPTIONS:
            raise
        raise InvalidInput(f"'{OPTIONS[field.group(1)]}'{str(exc)[field.end():]}") from None


def said(app: App, number: int, message: str, as_json: bool) -> None:
    """After a change: the session as JSON, or what was done."""
    if as_json:
        echo_json(agenda.with_zone(app.store().session(number), app.settings))
    else:
        click.echo(message)
