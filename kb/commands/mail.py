"""``kb digest``: previewing and sending the digest (its subscribers: kb/commands/subscribing.py)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from kb.cli_support import App, progress_bar
from kb.cli_types import FileName
from kb.commands.messages import counted
from kb.display import echo_json, human_duration
from kb.secret_key import secret_key_path, with_secret_key
from kb.settings import Settings
from kb.wording import number


@click.group()
def digest() -> None:
    """Preview and send the digest e-mails."""


def _past_lessons(app: App) -> Any:
    """The 'recurring problems' finder (search lives above kb, so it is wired here)."""
    from kb.digest.content import ManyPastLessons
    from search import IndexMismatch

    searcher = app.searcher()

    def many(lesson_ids: list[int], before: str) -> dict[int, list[dict[str, Any]]]:
        try:
            return searcher.earlier_similar_many(lesson_ids, before=before)
        except IndexMismatch:
            return {lesson_id: [] for lesson_id in lesson_ids}

    return ManyPastLessons(many)  # a digest's new lessons at once


def _warn_unfinished(period: Any) -> None:
    """A period sent before it ends is done for its subscribers: what arrives later in it was in no digest (the next
    starts where it ends). Said, not refused: sending this week's digest on purpose is allowed."""
    from datetime import UTC, datetime

    if period.end > datetime.now(UTC):
        click.echo(f"warning: {period.label} has not ended (it ends {period.end:%Y-%m-%d %H:%M} {period.end.tzinfo}): "
                   "what is added to it after this run will be in no digest, as the next starts where this one ends "
                   f"(kb digest preview --period {period.label} shows it without sending)", err=True)


def _refuse_unbegun(period: Any) -> None:
    """A --period that has not begun is refused in the words of kb.digest.refuse_unbegun, as the preview page
    refuses it: a bad value of --period, exit 2, by 'kb digest send' and 'kb digest preview' alike (the preview showed
    a digest that can never be sent, exit 0)."""
    from kb.digest import refuse_unbegun
    from kb.errors import InvalidInput

    try:
        refuse_unbegun(period)
    except InvalidInput as exc:
        raise click.BadParameter(str(exc), param_hint="'--period'") from None


def _period(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """``--period`` read when the options are: a bad one is a usage error, exit 2, as the README says of a bad value
    (it was exit 1, after the store was opened).

    Raises:
        click.BadParameter: not an ISO week or a day, or one that does not exist (2026-02-30).
    """
    from kb.digest import parse_period
    from kb.errors import InvalidInput

    try:
        return parse_period(value) if value else None
    except InvalidInput as exc:
        raise click.BadParameter(str(exc), param=param) from None


@digest.command("preview")
@click.option("--subscriber", "-s", "email", help="Whose digest (default: an English reader interested in everything).")
@click.option("--period", callback=_period,
              help="2026-W47 or 2026-11-25 [default: the week so far; a daily subscriber's: today so far].")
@click.option("--lang", type=click.Choice(["zh", "en"]),
              help="Language of the default reader [default: en] (a subscriber's digest is in their own).")
@click.option("--html", "html_file", type=FileName(dir_okay=False, path_type=Path), help="Also write the HTML here.")
@click.pass_obj
def digest_preview(app: App, email: str | None, period: Any, lang: str | None, html_file: Path | None) -> None:
    """Show a digest as it would be sent (text on the terminal, HTML to a file), without sending or recording.

    \b
    Examples:
      kb digest preview --lang zh
      kb digest preview --subscriber li.lei@example.com --period 2026-W47 --html digest.html
    """
    from kb.digest import compose, current_period, new_subscriber, parse_period, render

    if email and lang:  # the subscriber's digest is in their language: --lang was dropped without a word
        raise click.UsageError("--lang cannot be combined with --subscriber: a subscriber's digest is in their own "
                               "language (kb subscribers list shows it)")
    if period:
        _refuse_unbegun(parse_period(period.label, app.settings.zone))
    sub = app.store().subscriber(email) if email else new_subscriber(lang or "en")
    zone = app.settings.zone
    chosen = parse_period(period.label, zone) if period else current_period(sub.get("frequency"), zone)
    content = compose(app.store(), sub, chosen.label, chosen.preview_window(), _past_lessons(app),
                      min_similar=app.settings.recurring_min_similar)
    secret = with_secret_key(app.settings).secret_key or "preview"
    subject, html, text = render(content, base_url=app.settings.base_url, secret=secret)
    click.echo(f"Subject: {subject}\n\n{text}")
    if content.is_empty() and not app.settings.digest_send_empty:  # the preview showed a mail nobody would get
        click.echo(f"note: nothing new for {sub['email']} in {chosen.label}: 'kb digest send' sends no digest for it "
                   "(digest_send_empty is off)", err=True)
    if html_file:
        from kb.permissions import write_private

        try:  # for its owner only, as the data folder's files: the digest's links are signed (unsubscribe, feedback)
            write_private(html_file, html.encode("utf-8"))
        except OSError as exc:  # a full disk names no file: it was "a file could not be written"
            raise click.ClickException(f"cannot write {html_file}: {exc.strerror or exc}") from None  # as exports
        click.echo(f"HTML written to {html_file}", err=True)


def _signing_settings(app: App, dry_run: bool) -> Settings:
    """The settings with the secret key that signs the digests' unsubscribe links. A dry run sends nothing and shows
    no link, so without the key it signs with a stand-in and warns that a real send needs the key."""
    settings = with_secret_key(app.settings)
    if settings.secret_key:
        return settings
    need = (f"digests contain signed unsubscribe links: run 'kb init' to make {secret_key_path(settings)}, "
            "or set KB_SECRET_KEY")
    if not dry_run:
        raise click.ClickException(need)
    click.echo(f"warning: no secret key, so a real send would refuse ({need})", err=True)
    return settings.replace(secret_key="dry-run: no link leaves")


def _sent_of(app: App, period: str) -> int:
    """How many of a period's digests the store records as sent."""
    return sum(1 for delivery in app.store().deliveries(period) if delivery["status"] == "sent")


DIGEST_INTERRUPTED = ("interrupted while sending {period}: {sent} before it, each recorded; 'kb digest send' again "
                      "sends the rest, exactly once (a digest being sent at that moment is left in doubt: check the "
                      "mail log, then --retry-unknown)")
DRY_RUN_INTERRUPTED = ("dry run interrupted in {period}: {composed} before it ({would_send} with news, which a run "
                       "would send); nothing was sent or recorded")


@digest.command("send")
@click.option("--period", callback=_period,
              help="2026-W47 (weekly subscribers) or 2026-11-25 (daily) [default: the last complete "
                               "week for weekly subscribers and yesterday for daily ones].")
@click.option("--dry-run", is_flag=True, help="Compose the digests a run would send (naming those sent already and any in doubt), send and record nothing.")
@click.option("--subscriber", "-s", "only", help="Only this address.")
@click.option("--retry-unknown", is_flag=True, help="Resend digests whose earlier send was interrupted (may duplicate).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def digest_send(app: App, period: Any, dry_run: bool, only: str | None, retry_unknown: bool,
                as_json: bool) -> None:
    """Send the digests that are due, exactly once per subscriber and period (safe to re-run from cron).

    Exit status 1 if any recipient failed or an earlier interrupted send is in doubt. A dry run sends nothing, so
    nothing of it can fail but a digest that cannot be built (a real run would fail it too): exit status 1 for that
    alone; digests in doubt are named, as what a real run would leave alone.

    \b
    Examples:
      kb digest send --dry-run
      kb digest send --period 2026-W47 --subscriber li.lei@example.com
    """
    from kb.digest import last_complete_week, parse_period, send_digests, yesterday
    from kb.digest.delivery import UNREACHABLE_STOP

    app.store()  # a missing database first: it warned of the secret key a real send needs, then said there was none
    settings = _signing_settings(app, dry_run)
    zone = app.settings.zone  # weeks and days start at midnight in the setting time_zone
    periods = [parse_period(period.label, zone)] if period else [last_complete_week(zone=zone), yesterday(zone=zone)]
    if period:
        _refuse_unbegun(periods[0])
    if only is not None:
        app.store().subscriber(only)  # a mistyped address is an error, as in 'kb digest preview', not "0 sent"
    elif not app.store().subscribers():  # a first cron run said "0 sent, 0 with nothing new, …" and no more
        click.echo("note: nobody subscribes to the digest yet: 'kb subscribers add EMAIL' (or 'kb subscribers import "
                   "FILE.csv') adds them, and readers subscribe themselves at /subscribe", err=True)
    past = _past_lessons(app)
    reports, outcomes = [], []  # outcomes: the period's being sent, one a subscriber
    for chosen in periods:
        if not dry_run:
            _warn_unfinished(chosen)
        bar = None if as_json else progress_bar(f"digest {chosen.label}", "mail")(
            len(app.store().subscribers(frequency=chosen.frequency, due_only=True)))

        def after_each(address: str, outcome: str, bar: Any = bar) -> None:
            outcomes.append(outcome)
            if bar is not None:
                bar.update(1)

        recorded = _sent_of(app, chosen.label)
        outcomes.clear()
        try:
            reports.append(send_digests(app.store(), settings, chosen, past_lessons=past, dry_run=dry_run,
                                        retry_unknown=retry_unknown, only=only, after_each=after_each))
        except KeyboardInterrupt:
            if dry_run:  # what it had done: it said "0 digests sent", counting sends, which a dry run has none of
                composed = [o for o in outcomes if o in ("would_send", "empty")]
                raise click.ClickException(DRY_RUN_INTERRUPTED.format(
                    period=chosen.label, composed=counted("digests_composed", len(composed)),
                    would_send=number(composed.count("would_send")))) from None
            # As recorded, not as the bar counted: Ctrl-C between a digest's record and its count left it out
            raise click.ClickException(DIGEST_INTERRUPTED.format(period=chosen.label, sent=counted(
                "digests_sent", _sent_of(app, chosen.label) - recorded))) from None
        if bar is not None:
            bar.close()
    if as_json:
        echo_json([r.as_dict() for r in reports])
    else:
        for r in reports:
            for address, why in r.failed:
                click.echo(f"failed: {address}: {_reason(address, why)}", err=True)
            for address in r.unknown:
                click.echo(f"in doubt: {address}: an earlier run stopped while sending; check the mail log, "
                           "then --retry-unknown to resend", err=True)
            for paused in r.paused:
                click.echo(f"paused: {paused['email']}: refused {paused['refusals']} runs in a row (last: "
                           f"{_reason(paused['email'], paused['error']).removeprefix('refused: ')}); no digest goes to it until 'kb subscribers resume {paused['email']}'",
                           err=True)
            if r.relay_suspect:
                click.echo(f"warning: {r.relay_suspect}", err=True)
            if r.left:
                click.echo(f"stopped: the mail server could not be reached for {UNREACHABLE_STOP} subscribers in a "
                           f"row; {counted('subscribers', len(r.left))} left for the next run", err=True)
            for address in r.would_send:  # who would get one: what a dry run is for
                click.echo(f"would send: {address} ({r.period})")
            verb = "would send" if dry_run else "sent"
            click.echo(f"{r.period}: {number(len(r.would_send if dry_run else r.sent))} {verb}, "
                       f"{number(len(r.empty))} with nothing new, {number(len(r.already))} already done, "
                       f"{number(len(r.busy))} being sent by another run, {number(len(r.failed))} failed, "
                       f"{number(len(r.unknown))} in doubt, in {human_duration(r.seconds)}")
    # a dry run that names a digest in doubt did what it was asked: cron wrappers and scripts read exit 1 as a failure
    if any(r.failed if dry_run else not r.ok for r in reports):
        sys.exit(1)


def _reason(address: str, why: str) -> str:
    """Why a send failed, without the address its line names already: "refused: 550 5.1.1 no such user" (the mail
    server's "ADDRESS refused: …" made "failed: ADDRESS: ADDRESS refused: …")."""
    return why.removeprefix(f"{address} ") if why.startswith(f"{address} refused") else why
