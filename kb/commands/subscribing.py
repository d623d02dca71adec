"""``kb subscribers``: the digest's subscribers added, changed, listed, resumed, removed and imported; each write
with ``--json`` (the subscriber as ``kb subscribers list --json`` gives it), as ``kb session``'s."""

from __future__ import annotations

import difflib
import sys
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any

import click

from kb.cli_filters import KINDS_NAMED, lesson_kinds
from kb.cli_support import App
from kb.commands.messages import counted
from kb.display import echo_json, table
from kb.errors import NotFound
from kb.store.subscribers import subscriber_problems
from kb.wording import number


@click.group()
@click.pass_obj
def subscribers(app: App) -> None:
    """Manage digest subscribers."""
    # Only 'add' and 'import' make a missing database, and only to store what they were given, once it is checked:
    # 'list' in another folder answered "0 subscribers" from a new one, and 'add' of a bad address left one behind.
    app.may_create = click.get_current_context().invoked_subcommand in ("add", "import")


def _interest_options(f: Any) -> Any:
    for option in reversed([
        click.option("--tag", "tags", multiple=True, help="Interested in this tag (repeatable; none = everything)."),
        click.option("--project", "projects", multiple=True, help="Interested in this project (repeatable)."),
        click.option("--kind", "kinds", multiple=True, callback=lesson_kinds,
                     help=f"Interested in this lesson kind: {KINDS_NAMED} (repeatable)."),
    ]):
        f = option(f)
    return f


@subscribers.command("add")
@click.argument("email")
@click.option("--name", "-n", help="The subscriber's name.")
@click.option("--lang", "language", type=click.Choice(["zh", "en"]), default="en", show_default=True,
              help="Language of the digest: zh (Chinese) or en (English).")
@_interest_options
@click.option("--frequency", type=click.Choice(["weekly", "daily", "off"]), default="weekly", show_default=True,
              help="How often a digest is sent (off: none, the address kept).")
@click.option("--curator", is_flag=True, help="Also send the curators' sections (failed searches, untagged).")
@click.option("--json", "as_json", is_flag=True, help="Print the subscriber after it as JSON (as kb subscribers list --json).")
@click.pass_obj
def subscribers_add(app: App, email: str, name: str | None, language: str, tags: tuple[str, ...],
                    projects: tuple[str, ...], kinds: tuple[str, ...], frequency: str, curator: bool,
                    as_json: bool) -> None:
    """Subscribe an address to the digest.

    \b
    Example:
      kb subscribers add li.lei@example.com --name 李雷 --lang zh --tag 数据迁移 --kind went_wrong
    """
    interests = {"tags": list(tags), "projects": list(projects), "kinds": list(kinds)}
    refused = subscriber_problems(email, {"name": name, "interests": interests})
    if refused:  # before the store opens: a bad address made a database where there was none
        raise click.ClickException(refused[0])
    store = app.store()
    if store.is_subscribed(email):
        raise click.ClickException(f"{email.strip()} is already subscribed; change what they get with 'kb subscribers"
                                   f" update {email.strip()}' (--tag, --project, --kind, --everything, --lang, --name,"
                                   " --frequency), or see it with 'kb subscribers list'")
    store.add_subscriber(email, name=name, language=language, frequency=frequency, interests=interests,
                         role="curator" if curator else "reader")
    _said(app, store.subscriber(email)["id"], f"subscribed {email} ({frequency}, {language})", as_json)
    _warn_of_nothing(store, tags, projects)


@subscribers.command("update", short_help="Change a subscriber: each option given replaces what it names; "
                                               "the rest stays.")
@click.argument("email")
@click.option("--name", "-n", help="A new name.")
@click.option("--lang", "language", type=click.Choice(["zh", "en"]), help="The digest's language.")
@_interest_options
@click.option("--everything", is_flag=True, help="Interested in everything: no tags, projects or kinds.")
@click.option("--frequency", type=click.Choice(["weekly", "daily", "off"]), help="How often a digest is sent.")
@click.option("--curator/--reader", default=None, help="With or without the curators' sections.")
@click.option("--json", "as_json", is_flag=True, help="Print the subscriber after it as JSON (as kb subscribers list --json).")
@click.pass_obj
def subscribers_update(app: App, email: str, name: str | None, language: str | None, tags: tuple[str, ...],
                       projects: tuple[str, ...], kinds: tuple[str, ...], everything: bool, frequency: str | None,
                       curator: bool | None, as_json: bool) -> None:
    """Change a subscriber: each option given replaces what it names (--tag the tags of interest, leaving the
    projects and kinds), the rest stays as it was, as on the subscriber's own "change your subscription" page.

    \b
    Examples:
      kb subscribers update li.lei@example.com --tag 数据迁移 --tag 供应商管理
      kb subscribers update li.lei@example.com --everything --frequency daily
    """
    if not (name is not None or language or tags or projects or kinds or everything or frequency or curator is not None):
        # it said "updated li@example.com: …", changing nothing, where kb session edit says what it takes
        raise click.UsageError("say what to change: one or more of --name, --lang, --tag, --project, --kind, "
                               "--everything, --frequency, --curator, --reader")
    store = app.store()
    sub = store.subscriber(email)
    if everything and (tags or projects or kinds):
        raise click.UsageError("--everything leaves no tags, projects or kinds: give it or them, not both")
    given = {"tags": list(tags), "projects": list(projects), "kinds": list(kinds)}
    interests = {key: [] if everything else given[key] or sub["interests"].get(key, []) for key in given}
    role = None if curator is None else "curator" if curator else "reader"
    store.update_subscriber(sub["id"], name=name if name is not None else sub["name"], language=language,
                            frequency=frequency, role=role, interests=interests)
    now = store.subscriber(subscriber_id=sub["id"])  # as stored: tags labelled and sorted
    _said(app, sub["id"], f"updated {now['email']}: {_interests_line(now['interests'])} ({now['frequency']}, "
                          f"{now['language']})", as_json)
    _warn_of_nothing(store, tags, projects)


def _interests_line(interests: dict[str, list[str]]) -> str:
    """Interests as ``kb subscribers list`` shows them: "tags: a, b; kinds: went_wrong", or "everything"."""
    return "; ".join(f"{k}: {', '.join(v)}" for k, v in interests.items() if v) or "everything"


def _warn_of_nothing(store: Any, tags: tuple[str, ...], projects: tuple[str, ...]) -> None:
    """Warn of the tags (with their synonyms) and projects of interest that no document or lesson has: a typo, or a
    project named otherwise ("customer portal" for "Customer Portal Redesign"), made a subscriber who never hears a
    thing."""
    for what, name in store.unmatched_interests(list(tags), list(projects)):
        click.echo(f"warning: nothing in the knowledge base has the {what} '{name}' yet, so no digest brings news of it"
                   " until something does (kb tag list and kb docs show the tags and projects)", err=True)


@subscribers.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def subscribers_list(app: App, as_json: bool) -> None:
    """Every subscriber with language, frequency and interests."""
    rows = app.store().subscribers()
    if as_json:
        echo_json([shown(r) for r in rows])
        return
    if rows:  # none: the count below says so, under no bare header
        click.echo(table([[r["email"], r["name"], r["language"], r["frequency"], _status(r, app.settings.zone),
                           "(not valid: set them again)" if r.get("interests_invalid") else
                           _interests_line(r["interests"]),
                           _period_end(r["last_period_end"], app.settings.zone)] for r in rows],
                         ["email", "name", "lang", "frequency", "status", "interests", "last digest up to"],
                         max_widths=[40, 20, 4, 9, 40, 50, 25]))
    click.echo(counted("subscribers", len(rows)), err=True)


# What a subscriber's JSON leaves out: the nonce signed into their digest's links (unsubscribe, preferences), which
# rotates so that a link works once; with the secret key it makes a working link, and no reader of the JSON needs it.
UNSHOWN = ("link_nonce",)


def shown(sub: dict[str, Any]) -> dict[str, Any]:
    """A subscriber as kb shows them in JSON: every field but ``UNSHOWN``."""
    return {k: v for k, v in sub.items() if k not in UNSHOWN}


def _status(sub: dict[str, Any], zone: tzinfo) -> str:
    """Whether digests go to a subscriber: "active", "unsubscribed", "unconfirmed" (it said "yes" or "no", and a
    curator could not tell an address that left from one that never confirmed), or why they are paused, the last
    refusal's day in the PMO's time zone (it was the stored UTC day: a Monday-morning refusal in Shanghai said Sunday,
    beside the row's "last digest up to" at Shanghai's time)."""
    if sub.get("paused_at"):
        last = datetime.fromisoformat(sub["refused_at"]).astimezone(zone).date().isoformat()
        return f"paused: refused {sub['refusals']} times, last {last}"
    return "unsubscribed" if not sub["active"] else "unconfirmed" if not sub["confirmed"] else "active"


def _period_end(stamp: str | None, zone: tzinfo) -> str:
    """When the last digest's period ended, in the PMO's time zone, where digest weeks start at midnight:
    "2026-12-07 00:00" (the table showed the stored "2026-12-06T16:00:00+00:00" of a Shanghai week); blank before
    any."""
    return datetime.fromisoformat(stamp).astimezone(zone).strftime("%Y-%m-%d %H:%M") if stamp else ""


@subscribers.command("resume")
@click.argument("email")
@click.option("--json", "as_json", is_flag=True, help="Print the subscriber after it as JSON (as kb subscribers list --json).")
@click.pass_obj
def subscribers_resume(app: App, email: str, as_json: bool) -> None:
    """Send digests again to a subscriber paused because the mail server refused their address run after run
    (once the address is fixed there). A failed digest of a period is sent by the next run of that period.

    \b
    Example:
      kb subscribers resume li.lei@example.com
    """
    store = app.store()
    sub = store.subscriber(email)
    if not sub.get("paused_at"):
        raise click.ClickException(f"{sub['email']} is not paused (kb subscribers list shows who is)")
    store.resume_subscriber(sub["id"])
    _said(app, sub["id"], f"resumed {sub['email']}: the next digest run sends to it again", as_json)


def _said(app: App, subscriber_id: int, message: str, as_json: bool) -> None:
    """After a change to a subscriber: it as JSON (its row of kb subscribers list --json), or what was done."""
    if as_json:
        echo_json(shown(next(r for r in app.store().subscribers() if r["id"] == subscriber_id)))
    else:
        click.echo(message)


@subscribers.command("remove")
@click.argument("emails", nargs=-1, required=True, metavar="EMAIL...")
@click.option("--json", "as_json", is_flag=True,
              help="Print the subscribers removed as JSON: a list of their rows as they were (as kb subscribers list "
                   "--json), one address or several.")
@click.pass_obj
def subscribers_remove(app: App, emails: tuple[str, ...], as_json: bool) -> None:
    """Remove subscribers: all the addresses given, or none when one is no subscriber's (each named, with the
    nearest address stored). Addresses match whatever their case.

    \b
    Examples:
      kb subscribers remove li.lei@example.com
      kb subscribers remove li.lei@example.com wang.fang@example.com
    """
    store = app.store()
    before = {row["email"]: row for row in store.subscribers()}
    try:
        removed = store.remove_subscribers(list(emails))
    except NotFound as exc:
        raise click.ClickException(f"{exc} (nothing removed){_nearest_addresses(store, emails)}") from None
    if as_json:  # a list whatever the count (it was an object for one address): a script reads one shape
        echo_json([shown(before[email]) for email in removed])
        return
    click.echo(f"removed {', '.join(removed)}")


def _nearest_addresses(store: Any, emails: tuple[str, ...]) -> str:
    """"; did you mean 'Li.Lei@example.com'?" for addresses that are no subscriber's, or nothing when none is near."""
    stored = {sub["email"].lower(): sub["email"] for sub in store.subscribers()}
    near = [stored[m] for e in emails if e.strip().lower() not in stored
            for m in difflib.get_close_matches(e.strip().lower(), list(stored), n=1, cutoff=0.8)]
    return f"; did you mean {' or '.join(repr(n) for n in dict.fromkeys(near))}?" if near else ""


@subscribers.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the counts and the rejected rows as JSON.")
@click.pass_obj
def subscribers_import(app: App, file: Path, as_json: bool) -> None:
    """Import subscribers from a CSV (email, name, language, tags, projects, kinds, frequency; tags etc.
    separated by ';'), UTF-8 or GBK (a Chinese Excel's "CSV"). Existing addresses are updated; bad rows are
    reported by line and skipped.

    \b
    Examples:
      kb subscribers import subscribers.csv
      kb subscribers import subscribers.csv --json
    """
    from kb.subscriber_import import read_subscribers, store_subscribers

    rows, report = read_subscribers(file)
    if rows:  # a file of refused rows alone makes no database
        store_subscribers(app.store(), rows, report)
    if as_json:  # a script's import: which rows were refused, and why, without parsing the lines on stderr
        echo_json({"added": report.added, "updated": report.updated, "encoding": report.encoding,
                   "rejected": [{"line": line, "message": message} for line, message in report.errors]})
        sys.exit(1 if report.errors else 0)
    for line, message in report.errors:
        click.echo(f"error: {file}:{line}: {message}", err=True)
    read_as = "" if report.encoding == "utf-8" else " (read as GBK/GB18030: not UTF-8)"
    click.echo(f"{number(report.added)} added, {number(report.updated)} updated, {number(len(report.errors))} "
               f"rejected{read_as}")
    if report.errors:
        sys.exit(1)
