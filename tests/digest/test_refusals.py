"""An address the mail server refuses for good ("550 no such user"), run after run, against a real SMTP server:
paused after 3 runs in a row (so cron stops exiting 1 every day), said so in the run's report and in
`kb subscribers list`, sent to again after `kb subscribers resume`; never paused when most of a run's addresses
are refused, which is the relay's fault, not theirs."""

from __future__ import annotations

import re

from kb.digest import current_week, parse_period, send_digests
from tests.digest.test_digest_cli_and_web import kb

OK = ("ann@example.org", "bob@example.org", "cy@example.org")
BAD = "gone@example.org"


def _subscribe(store, *addresses):
    for address in addresses:
        store.add_subscriber(address)


def test_a_refused_address_is_paused_after_three_runs_and_resumed(env, smtp):
    store, settings, _, _ = env
    _subscribe(store, *OK, BAD)
    smtp.refuse.add(BAD)
    week = current_week().label
    for run in (1, 2, 3):  # the first run sends the others; the next two retry the refused one alone
        out = kb(settings, "digest", "send", "--period", week, code=1)
        assert f"failed: {BAD}: refused: 550" in out and "warning: the mail server" not in out
        assert store.subscriber(BAD)["refusals"] == run
        assert ("paused: gone@example.org: refused 3 runs in a row (last: 550 " in out) == (run == 3)
    assert "'kb subscribers resume gone@example.org'" in out
    assert len(smtp.messages) == 3  # the others got theirs once
    out = kb(settings, "digest", "send", "--period", week)  # exit 0: cron stops mailing its runner
    assert f"{week}: 0 sent, 0 with nothing new, 3 already done" in out
    listed = kb(settings, "subscribers", "list")
    row = next(line for line in listed.splitlines() if line.startswith(BAD))
    assert re.search(r"paused: refused 3 times, last \d{4}-\d\d-\d\d\b", row), row
    assert all(re.search(rf"^{re.escape(a)}\s.*\bactive\b", listed, re.MULTILINE) for a in OK)

    smtp.refuse.discard(BAD)  # the address fixed at the mail server
    assert f"resumed {BAD}" in kb(settings, "subscribers", "resume", BAD)
    assert "is not paused" in kb(settings, "subscribers", "resume", BAD, code=1)
    assert f"{week}: 1 sent" in kb(settings, "digest", "send", "--period", week)
    assert smtp.to(BAD) and store.subscriber(BAD)["refusals"] == 0 and store.subscriber(BAD)["paused_at"] is None


def test_refusals_count_only_in_a_row(env, smtp):
    """A digest that reached the address between refusals starts the count again."""
    store, settings, _, _ = env
    settings = settings.replace(digest_send_empty=True)  # a message every week, new lessons or not
    _subscribe(store, *OK, BAD)
    weeks = iter(parse_period(f"2026-W{w}") for w in range(40, 46))
    for refused in (True, True, False, True, True):
        (smtp.refuse.add if refused else smtp.refuse.discard)(BAD)
        report = send_digests(store, settings, next(weeks))
        assert (BAD in report.sent) == (not refused) and report.paused == [] and report.relay_suspect is None
    assert store.subscriber(BAD)["refusals"] == 2 and store.subscriber(BAD)["paused_at"] is None
    smtp.refuse.add(BAD)
    assert [p["email"] for p in send_digests(store, settings, next(weeks)).paused] == [BAD]


def test_most_addresses_refused_is_the_relay_and_pauses_nobody(env, smtp):
    store, settings, _, _ = env
    _subscribe(store, *OK, BAD)
    smtp.refuse.update({BAD, OK[0], OK[1]})  # 3 of 4: a relay that refuses what it should take
    week = current_week().label
    for _ in range(4):
        out = kb(settings, "digest", "send", "--period", week, code=1)
        assert "warning: the mail server refused 3 of the run's 4 addresses: more likely its settings" in out
        assert "paused:" not in out
    assert all(store.subscriber(a)["refusals"] == 0 for a in (BAD, *OK[:2]))
    assert "paused" not in kb(settings, "subscribers", "list")


def test_a_paused_address_s_last_refusal_is_dated_in_the_pmo_s_time_zone(env, smtp):
    """`kb subscribers list` said "last 2026-12-06" of a refusal at 04:54 on Monday 7 December in Shanghai (the
    stored UTC date), in the row whose "last digest up to" it shows at Shanghai's time."""
    store, settings, _, _ = env
    _subscribe(store, *OK, BAD)
    smtp.refuse.add(BAD)
    week = current_week().label
    for _ in range(3):
        kb(settings, "digest", "send", "--period", week, code=1)
    assert store.subscriber(BAD)["paused_at"]
    # 04:00 on 1 February in Shanghai, still 31 January in UTC and in New York
    store.conn.execute("UPDATE subscribers SET refused_at = '2026-01-31T20:00:00+00:00' WHERE email = ?", [BAD])
    rows = {zone: next(line for line in kb(settings, "subscribers", "list", env={"KB_TIME_ZONE": zone}).splitlines()
                       if line.startswith(BAD))
            for zone in ("Asia/Shanghai", "UTC", "America/New_York")}
    assert "paused: refused 3 times, last 2026-02-01 " in rows["Asia/Shanghai"] + " "
    assert "paused: refused 3 times, last 2026-01-31 " in rows["UTC"] + " "
    assert "paused: refused 3 times, last 2026-01-31 " in rows["America/New_York"] + " "
