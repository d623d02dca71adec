"""``kb session edit`` and ``kb session item``: a session's details and an agenda item's, changed from the shell as
the session's page changes them (``Store.update_session``, ``Store.update_session_item``: the same validation, its
messages naming the options typed). An option left out keeps its value; an empty one clears it."""

from __future__ import annotations

import click

from kb.cli_support import App
from kb.cli_types import row_id
from kb.commands.sessions import DATE_TIME_FORMS, OPTIONS, TIME_FORMS, as_options, said, session, starts_at


@session.command("edit")
@click.argument("session_id", metavar="ID")
@click.option("--title", help="A new title.")
@click.option("--theme", help="A new theme ('' clears it).")
@click.option("--starts-at", "starts_at_text", metavar="DATE TIME",
              help=f"Date and time: {DATE_TIME_FORMS} ('' clears it: drafts only).")
@click.option("--location", help="Where it is held ('' clears it).")
@click.option("--presenter", "presenters", multiple=True,
              help="The presenters, in place of the old ones (repeatable; or several in one, separated by commas; "
                   "'' clears them).")
@click.option("--audience", help="Who it is for ('' clears it).")
@click.option("--description", help="A description (several lines allowed; '' clears it).")
@click.option("--json", "as_json", is_flag=True, help="Print the session after it as JSON.")
@click.pass_obj
def session_edit(app: App, session_id: str, title: str | None, theme: str | None, starts_at_text: str | None,
                 location: str | None, presenters: tuple[str, ...], audience: str | None, description: str | None,
                 as_json: bool) -> None:
    """Change a session's details, as its page's details form does.

    \b
    Examples:
      kb session edit 3 --starts-at "2026-12-16 09:30" --location "3楼会议室"
      kb session edit 3 --presenter 张三 --presenter 李四 --theme ""
    """
    number = row_id(session_id, "ID")
    data = {"title": title, "theme": theme, "scheduled_at": starts_at_text, "location": location,
            "presenters": ", ".join(presenters) if presenters else None, "audience": audience,
            "description": description}
    changed = [OPTIONS[name] for name, value in data.items() if value is not None]
    if not changed:
        raise click.UsageError("say what to change: one or more of --title, --theme, --starts-at, --location, "
                               "--presenter, --audience, --description")
    store = app.store()
    store.session(number)  # an unknown session is said as such, not as a field
    data["scheduled_at"] = starts_at(starts_at_text, day=True)
    with as_options():
        store.update_session(number, data)
    said(app, number, f"changed share session {number}: {', '.join(changed)}", as_json)


@session.command("item")
@click.argument("session_id", metavar="ID")
@click.argument("item_id", metavar="ITEM_ID")
@click.option("--minutes", "-m", "length", metavar="N", help="Its length in minutes ('' clears it).")
@click.option("--starts-at", "starts_at_text", metavar="HH:MM",
              help=f"Its start time: {TIME_FORMS} ('' clears it: it starts when the one before it ends).")
@click.option("--presenter", help="Who presents it ('' clears it).")
@click.option("--note", help="A note on it ('' clears it).")
@click.option("--meeting-minutes", "record", metavar="TEXT", help="What was said (会议纪要; several lines allowed).")
@click.option("--json", "as_json", is_flag=True, help="Print the session after it as JSON.")
@click.pass_obj
def session_item(app: App, session_id: str, item_id: str, length: str | None, starts_at_text: str | None,
                 presenter: str | None, note: str | None, record: str | None, as_json: bool) -> None:
    """Change an agenda item (ITEM_ID as kb session show lists it: [item 7]), as its form on the page does.

    \b
    Examples:
      kb session item 3 7 --minutes 20 --presenter 王芳
      kb session item 3 7 --starts-at 14:30 --note "请项目经理讲背景"
    """
    number, item = row_id(session_id, "ID"), row_id(item_id, "ITEM_ID")
    given = {"duration_minutes": length, "starts_at": starts_at_text, "presenter": presenter, "note": note,
             "minutes": record}
    if all(value is None for value in given.values()):
        raise click.UsageError("say what to change: one or more of --minutes, --starts-at, --presenter, --note, "
                               "--meeting-minutes")
    app.store().session(number)  # an unknown session is said as such, not as a field
    given["starts_at"] = starts_at(starts_at_text, day=False)
    with as_options():
        app.store().update_session_item(number, item, **given)
    said(app, number, f"changed item {item} of share session {number}", as_json)
