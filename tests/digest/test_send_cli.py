"""kb digest send as a curator first runs it: a dry run names who would get a digest, a mistyped --subscriber is an
error (rev19)."""

from __future__ import annotations

from kb.digest import current_week
from tests.digest.test_digest_cli_and_web import kb


def test_a_dry_run_names_who_would_get_a_digest(env, smtp):
    # It said only "2026-W49: 2 would send, …": the README's "who would get what" was not there to see
    _store, settings, _, _ = env
    kb(settings, "subscribers", "add", "pat@example.org")
    week = current_week().label
    out = kb(settings, "digest", "send", "--period", week, "--dry-run")
    assert f"would send: pat@example.org ({week})\n{week}: 1 would send" in out and smtp.messages == []



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
