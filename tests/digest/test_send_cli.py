"""kb digest send as a curator first runs it: a dry run names who would get a digest, a mistyped --subscriber is an
error (rev19)."""

from __future__ import annotations

import json
import socket
import sqlite3

import pytest

from kb.digest import current_week
from tests.digest.test_digest_cli_and_web import kb


def test_a_dry_run_names_who_would_get_a_digest(env, smtp):
    # It said only "2026-W49: 2 would send, …": the README's "who would get what" was not there to see
    _store, settings, _, _ = env
    kb(settings, "subscribers", "add", "pat@example.org")
    week = current_week().label
    out = kb(settings, "digest", "send", "--period", week, "--dry-run")
    assert f"would send: pat@example.org ({week})\n{week}: 1 would send" in out and smtp.messages == []



def test_a_dry_run_exits_0_when_a_digest_is_in_doubt_and_1_when_one_cannot_be_built(env, smtp):
    """A dry run that found a digest in doubt (an earlier run died while sending it) exited 1, as a failed send does,
    though it sent nothing and did what it was asked: it names the digest in doubt and exits 0. A digest it cannot
    build is a failure the real run would meet: exit 1."""
    store, settings, _, _ = env
    kb(settings, "subscribers", "add", "pat@example.org")
    kb(settings, "subscribers", "add", "doubt@example.org")
    week = current_week().label
    doubt = store.subscriber("doubt@example.org")["id"]
    store.claim_delivery(doubt, week, f"{socket.gethostname()}:999999:dead", is_alive=lambda claim: True)
    out = kb(settings, "digest", "send", "--period", week, "--dry-run")
    assert "in doubt: doubt@example.org: an earlier run stopped while sending" in out
    assert f"would send: pat@example.org ({week})" in out and "1 in doubt" in out and smtp.messages == []
    kb(settings, "digest", "send", "--period", week, "--subscriber", "doubt@example.org", code=1)  # a real run: 1
    store.conn.execute("UPDATE subscribers SET interests = '[1' WHERE email = 'pat@example.org'")
    out = kb(settings, "digest", "send", "--period", week, "--dry-run", code=1)
    assert "failed: pat@example.org: cannot build the message" in out and smtp.messages == []
    help_text = kb(settings, "digest", "send", "--help")
    assert "A dry run sends nothing" in help_text and "exit status 1 for that" in help_text


def test_send_to_a_subscriber_that_does_not_exist_is_an_error(env, smtp):
    # It said "2026-W48: 0 sent, 0 with nothing new, …" and exited 0: a typo in a cron line went unseen
    _store, settings, _, _ = env
    kb(settings, "subscribers", "add", "pat@example.org")
    out = kb(settings, "digest", "send", "--subscriber", "pta@example.org", code=1)
    assert out == "Error: no subscriber pta@example.org\n"


def test_a_dry_run_needs_no_secret_key_and_says_a_real_send_does(env, smtp):
    # It refused: "digests contain signed unsubscribe links: run 'kb init' …", though a dry run sends no link (rev20)
    _store, settings, _, _ = env
    kb(settings, "subscribers", "add", "pat@example.org")
    week = current_week().label
    no_key = {"KB_SECRET_KEY": ""}
    out = kb(settings, "digest", "send", "--period", week, "--dry-run", env=no_key)
    assert out.startswith("warning: no secret key, so a real send would refuse (digests contain signed unsubscribe "
                          "links: run 'kb init' to make ")
    assert f"would send: pat@example.org ({week})\n{week}: 1 would send" in out and smtp.messages == []
    out = kb(settings, "digest", "send", "--period", week, env=no_key, code=1)
    assert out.startswith("Error: digests contain signed unsubscribe links") and smtp.messages == []


def test_sending_a_week_that_has_not_ended_says_what_it_costs(env, smtp):
    # 'kb digest send --period 2026-W49' on a Saturday sent the week so far and recorded it done: lessons added on
    # Sunday were in no digest, the next starting where that week ends
    _store, settings, _, _ = env
    kb(settings, "subscribers", "add", "pat@example.org")
    week = current_week()
    out = kb(settings, "digest", "send", "--period", week.label)
    assert out.startswith(f"warning: {week.label} has not ended (it ends {week.end:%Y-%m-%d} 00:00 UTC): what is added "
                          "to it after this run will be in no digest, as the next starts where this one ends (kb "
                          f"digest preview --period {week.label} shows it without sending)\n")
    assert f"{week.label}: 1 sent" in out
    assert "has not ended" not in kb(settings, "digest", "send", "--period", "2020-W01")
    assert "has not ended" not in kb(settings, "digest", "send", "--period", week.label, "--dry-run")


def test_a_mail_server_that_cannot_be_reached_stops_the_run_after_three_and_the_next_run_sends_all(env, smtp):
    # Each subscriber was tried mail_retries times, each attempt waiting up to smtp_timeout: a relay dropping packets
    # held a run of 1,000 subscribers for a day, into the next day's run
    from tests.servers import refusing_port

    _store, settings, _, _ = env
    addresses = [f"p{i}@example.org" for i in range(6)]
    for address in addresses:
        kb(settings, "subscribers", "add", address)
    week = current_week().label
    with refusing_port() as port:
        down = {"KB_SMTP_PORT": str(port), "KB_MAIL_RETRIES": "2"}
        out = kb(settings, "digest", "send", "--period", week, env=down, code=1)
        assert out.count("cannot reach the SMTP server 127.0.0.1:") == 3 and "(gave up after 2 attempts)" in out
        assert "stopped: the mail server could not be reached for 3 subscribers in a row; 3 subscribers left for the " \
               "next run\n" in out
        assert f"{week}: 0 sent, 0 with nothing new, 0 already done, 0 being sent by another run, 3 failed" in out
        said = kb(settings, "digest", "send", "--period", week, "--json", env=down, code=1)
        [report] = json.loads(said[said.index("[\n"):])  # after the warning that the week has not ended (stderr)
        assert len(report["failed"]) == 3 and len(report["left"]) == 3
        assert f"{week}: 6 sent" in kb(settings, "digest", "send", "--period", week)  # the server back: everyone, once
        assert sorted(r[0] for r, _ in smtp.messages) == addresses


@pytest.mark.parametrize("dry_run", [[], ["--dry-run"]])
@pytest.mark.parametrize("ahead", ["next week", "a year on", "a day"])
def test_a_period_that_has_not_begun_is_refused_and_nothing_is_recorded(env, smtp, ahead, dry_run):
    # 'kb digest send --period 2027-W49' (for 2026-W49) recorded it done with nothing new, exit 0: each subscriber's
    # next digest began where it ends, so every digest for a year had nothing in it
    from datetime import UTC, datetime, timedelta

    from kb.digest import parse_period

    _store, settings, _, _ = env
    kb(settings, "subscribers", "add", "pat@example.org")
    week = current_week()
    label = {"next week": (week.end + timedelta(days=1)).strftime("%G-W%V"),
             "a year on": (week.end + timedelta(days=365)).strftime("%G-W%V"),
             "a day": (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d")}[ahead]
    period = parse_period(label)
    out = kb(settings, "digest", "send", "--period", label, *dry_run, code=2)  # a bad value of --period
    assert out.endswith(f"Error: Invalid value for '--period': {label} has not begun (it starts {period.start:%Y-%m-%d}"
                        " 00:00 UTC): nothing in it can be sent yet, and each subscriber's next digest would start "
                        "where it ends; give a period that has begun\n")
    assert smtp.messages == []
    assert f"would send: pat@example.org ({week.label})" in kb(settings, "digest", "send", "--period", week.label,
                                                                 "--dry-run")
    conn = sqlite3.connect(settings.db)
    try:
        assert conn.execute("SELECT count(*) FROM digest_deliveries").fetchone()[0] == 0
    finally:
        conn.close()


@pytest.mark.parametrize("ahead", ["next week", "a day"])
def test_a_preview_of_a_period_that_has_not_begun_is_refused_as_send_and_the_page_refuse_it(env, ahead):
    # 'kb digest preview --period 2027-W10' showed "0 new lessons" for a digest that can never be sent, exit 0, where
    # /curate/digest and kb digest send refuse it (c-left3)
    from datetime import UTC, datetime, timedelta

    from kb.digest import parse_period, refuse_unbegun
    from kb.errors import InvalidInput

    _store, settings, _, _ = env
    week = current_week()
    label = {"next week": (week.end + timedelta(days=1)).strftime("%G-W%V"),
             "a day": (datetime.now(UTC) + timedelta(days=2)).strftime("%Y-%m-%d")}[ahead]
    with pytest.raises(InvalidInput) as said:  # the words the preview page says it in
        refuse_unbegun(parse_period(label))
    out = kb(settings, "digest", "preview", "--period", label, code=2)
    assert out.startswith("Usage: ") and out.endswith(f"Error: Invalid value for '--period': {said.value}\n")
    assert "Subject:" not in out
    assert "Subject: " in kb(settings, "digest", "preview", "--period", week.label)  # begun: previewed as before
