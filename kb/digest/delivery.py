"""Sending a period's digests exactly once.

Each (subscriber, period) is claimed in the database before its message is sent and marked after. A re-run
skips what was sent; two overlapping runs never claim the same subscriber; a failed recipient is retried
(with backoff) and reported without stopping the others, and is tried again by the next run; so is a
recipient whose message cannot be built (data an older version stored unchecked). A claim left
by a run that died between sending and recording is marked 'unknown' and not resent unless asked.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from kb.digest.content import DigestContent, PastLessons, compose
from kb.digest.mailer import Mailer
from kb.digest.periods import Period
from kb.digest.render import build_message
from kb.errors import InvalidInput
from kb.settings import Settings
from kb.store import Store


@dataclass
class DeliveryReport:
    """What a send run did, per subscriber."""

    period: str
    sent: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)  # nothing new: no e-mail
    already: list[str] = field(default_factory=list)  # sent (or skipped) by an earlier run
    busy: list[str] = field(default_factory=list)  # being sent by another run right now
    failed: list[tuple[str, str]] = field(default_factory=list)  # (address, why)
    unknown: list[str] = field(default_factory=list)  # an earlier run died mid-send
    would_send: list[str] = field(default_factory=list)  # dry run
    paused: list[dict[str, Any]] = field(default_factory=list)  # refused PAUSE_AFTER runs in a row: paused now
    relay_suspect: str | None = None  # most addresses refused: counted against none of them, this said instead
    left: list[str] = field(default_factory=list)  # not tried: the server was unreachable for several in a row
    seconds: float = 0.0
    addresses: int = 0  # the run's due subscribers, those sent or failed before included
    refused: dict[int, str] = field(default_factory=dict, repr=False)  # subscriber id -> why: address refused

    @property
    def ok(self) -> bool:
        """No failures, nothing left in doubt, nobody left for the next run."""
        return not self.failed and not self.unknown and not self.left

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        data = {k: v for k, v in vars(self).items() if k != "refused"}
        data["failed"] = [{"email": e, "error": why} for e, why in self.failed]
        data["seconds"] = round(self.seconds, 3)
        return data


UNREACHABLE_STOP = 3  # subscribers in a row the mail server cannot be reached for before a run stops trying


def run_id() -> str:
    """Identifies this process (host and pid) so a later run can tell whether it is still alive."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def run_is_alive(claim: str) -> bool:
    """Whether the run that made a claim is still running (same host only; another host counts as alive)."""
    host, _, rest = claim.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return True
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def send_digests(store: Store, settings: Settings, period: Period, *, past_lessons: PastLessons | None = None,
                 dry_run: bool = False, retry_unknown: bool = False, only: str | None = None,
                 mailer: Mailer | None = None, after_each: Callable[[str, str], Any] | None = None) -> DeliveryReport:
    """Send the digests of one period to every due subscriber of its frequency.

    Args:
        store: the store.
        settings: SMTP, base URL, secret key, thresholds.
        period: a weekly or daily period.
        past_lessons: finds earlier similar lessons (for "recurring problems").
        dry_run: compose what a run would send, send and record nothing (those done already are said so).
        retry_unknown: also resend digests whose earlier send was interrupted.
        only: one subscriber's address.
        mailer: an SMTP mailer (default: from the settings).
        after_each: called with (address, outcome) after each subscriber (progress bars).
    """
    started = time.perf_counter()
    report = DeliveryReport(period.label)
    claim = run_id()
    cache: dict[str, Any] = {}
    subscribers = [s for s in store.subscribers(frequency=period.frequency, due_only=True)
                   if only is None or s["email"].lower() == only.lower()]
    report.addresses = len(subscribers)
    own_mailer = mailer is None
    mailer = mailer or Mailer(settings)
    unreachable = 0  # subscribers in a row for whom the server could not be reached
    try:
        for position, sub in enumerate(subscribers):
            if unreachable >= UNREACHABLE_STOP:  # a server down (or a relay dropping packets: each attempt waits
                report.left = [s["email"] for s in subscribers[position:]]  # smtp_timeout) would hold the run for
                break  # hours, each subscriber failing alike; the rest, unclaimed, are the next run's
            outcome = _one(store, settings, period, sub, claim, past_lessons, dry_run, retry_unknown, mailer, cache,
                           report)
            unreachable = unreachable + 1 if outcome == "unreachable" else 0
            if after_each is not None:
                after_each(sub["email"], outcome)
    finally:
        if own_mailer:
            mailer.close()
    if not dry_run:
        _count_refusals(store, report)
    report.seconds = time.perf_counter() - started
    return report


def _one(store: Store, settings: Settings, period: Period, sub: dict[str, Any], claim: str,
         past_lessons: PastLessons | None, dry_run: bool, retry_unknown: bool, mailer: Mailer,
         cache: dict[str, Any], report: DeliveryReport) -> str:
    email = sub["email"]
    # a dry run asks what a claim would answer (it said "would send" of those sent already, recorded or not)
    claimed, status = (store.delivery_due(sub["id"], period.label, is_alive=run_is_alive, retry_unknown=retry_unknown)
                       if dry_run else store.claim_delivery(sub["id"], period.label, claim, is_alive=run_is_alive,
                                                            retry_unknown=retry_unknown))
    if not claimed:
        {"sent": report.already, "skipped": report.already, "sending": report.busy,
         "unknown": report.unknown}.get(status, report.already).append(email)
        return status
    window = _window(sub, period)
    # in UTC, as the store keeps times: last_period_end is compared as text (the latest one kept)
    window_text = (window[0].astimezone(UTC).isoformat(timespec="seconds"),
                   window[1].astimezone(UTC).isoformat(timespec="seconds"))
    try:
        if sub.get("interests_invalid"):  # sending 'everything' instead would mail what was never asked for
            raise InvalidInput("the stored interests are not valid JSON; set them again on the subscription page "
                               "or with 'kb subscribers update EMAIL --tag ...' (or --everything)")
        content = _compose(store, settings, sub, period, window, past_lessons, cache)
        message = None if content.is_empty() and not settings.digest_send_empty else build_message(
            content, base_url=settings.base_url, secret=settings.secret_key, mail_from=settings.mail_from)
    except Exception as exc:  # noqa: BLE001 (one subscriber's data must not stop the run: reported like SMTP failures)
        error = f"cannot build the message: {type(exc).__name__}: {exc}"
        if not dry_run:
            store.finish_delivery(sub["id"], period.label, "failed", error=error)
        report.failed.append((email, error))
        return "failed"
    if message is None:
        if not dry_run:
            store.finish_delivery(sub["id"], period.label, "skipped", window=window_text)
        report.empty.append(email)
        return "empty"
    if dry_run:
        report.would_send.append(email)
        return "would_send"
    result = mailer.send(message)
    if result.refused:
        report.refused[sub["id"]] = result.error or "refused"
    if result.ok:
        store.finish_delivery(sub["id"], period.label, "sent", attempts=result.attempts,
                              message_id=str(message["Message-ID"]), window=window_text)
        report.sent.append(email)
        return "sent"
    store.finish_delivery(sub["id"], period.label, "failed", attempts=result.attempts, error=result.error)
    report.failed.append((email, result.error or "unknown error"))
    return "unreachable" if result.unreachable else "failed"


def _count_refusals(store: Store, report: DeliveryReport) -> None:
    """Count this run's refused addresses against their subscribers, pausing those refused run after run; unless
    most of the run's addresses were refused, which a relay misconfigured to refuse everyone does: counted, that
    would pause every subscriber in a few days. The run's addresses are its due subscribers, those sent by an
    earlier run of the period included: a run that retries only the one refused address counts it."""
    refused = len(report.refused)
    if refused * 2 > report.addresses:
        report.relay_suspect = (f"the mail server refused {refused} of the run's {report.addresses} addresses: more likely"
                                " its settings (smtp_host, mail_from, the relay's rules) than the addresses, so the"
                                " refusals were not counted against them")
        return
    report.paused = [{"email": r["email"], "refusals": r["refusals"], "error": r["refused_error"]}
                     for r in store.record_refusals(report.refused)]


def _window(sub: dict[str, Any], period: Period) -> tuple[datetime, datetime]:
    if sub.get("last_period_end"):
        start = datetime.fromisoformat(sub["last_period_end"])
        if start < period.end:
            return start, period.end
    return period.default_window_start, period.end


def _compose(store: Store, settings: Settings, sub: dict[str, Any], period: Period, window: tuple[datetime, datetime],
             past_lessons: PastLessons | None, cache: dict[str, Any]) -> DigestContent:
    return compose(store, sub, period.label, window, past_lessons, min_similar=settings.recurring_min_similar,
                   cache=cache)
