"""Digest weeks and days, and browse's days, in the setting time_zone: a PMO in Shanghai running cron at 07:30 on
Monday (23:30 on Sunday in UTC) got the week before last, its weeks starting on Mondays at 08:00 (a daily digest on
Tuesday morning was Sunday's); and a digest's "and N more" must lead to the documents it counted."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from tests.clock import DIGEST, stop_clock
from tests.digest.test_digest_cli_and_web import kb
from web import create_app

MONDAY_MORNING_IN_SHANGHAI = datetime(2026, 12, 6, 23, 30, tzinfo=UTC)  # Monday 2026-12-07 07:30 at UTC+8
ADDED = {
    "new/portal": "2026-12-06T10:00:00+00:00",  # Sunday 18:00 in Shanghai: week 49 there and in UTC
    "new/hr": "2026-11-29T20:00:00+00:00",  # Monday 04:00 in Shanghai (week 49), still Sunday in UTC (week 48)
}


def _added_at_those_times(store) -> None:
    for key, when in ADDED.items():
        document = store.scalar("SELECT id FROM documents WHERE key = ?", [key])
        store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ? WHERE id = ?",
                           [when, when, document])
        store.conn.execute("UPDATE lessons SET created_at = ?, updated_at = ? WHERE document_id = ?",
                           [when, when, document])


@pytest.mark.parametrize(("zone", "period", "subject", "titles"), [
    ("Asia/Shanghai", "2026-W49", "Lessons KB digest: 3 new lessons, 2 new documents (Nov 30–Dec 6)",
     {"Portal retrospective", "HR retrospective"}),
    ("UTC", "2026-W48", "Lessons KB digest: 1 new lesson, 1 new document (Nov 23–29)", {"HR retrospective"}),
])
def test_cron_on_monday_morning_sends_the_week_just_ended_where_the_pmo_is(env, smtp, monkeypatch, zone, period,
                                                                           subject, titles):
    store, settings, _, _ = env
    _added_at_those_times(store)
    stop_clock(monkeypatch, DIGEST, MONDAY_MORNING_IN_SHANGHAI)
    kb(settings, "subscribers", "add", "pat@example.org")
    out = kb(settings, "digest", "send", env={"KB_TIME_ZONE": zone})
    assert f"{period}: 1 sent" in out
    [message] = smtp.to("pat@example.org")
    assert message["Subject"] == subject
    text = message.get_body(("plain",)).get_content()
    assert {t for t in ("Portal retrospective", "HR retrospective") if t in text} == titles
    row = store.row("SELECT last_period_end FROM subscribers WHERE email = 'pat@example.org'")
    end = "2026-12-06T16:00:00+00:00" if zone == "Asia/Shanghai" else "2026-11-30T00:00:00+00:00"
    assert row["last_period_end"] == end  # kept in UTC, as every time the store compares as text
    assert f"{period}: 0 sent, 0 with nothing new, 1 already done" in kb(settings, "digest", "send",
                                                                          env={"KB_TIME_ZONE": zone})


@pytest.mark.parametrize(("zone", "keys"), [("Asia/Shanghai", {"new/portal", "new/hr"}), ("UTC", {"new/portal"})])
def test_browse_counts_a_week_s_days_in_the_same_time_zone(env, zone, keys):
    store, settings, _, _ = env
    _added_at_those_times(store)
    store.conn.commit()
    client = create_app(settings.replace(time_zone=zone)).test_client()
    items = client.get("/api/documents?added=2026-W49&limit=100").get_json()["items"]
    assert {i["key"] for i in items} == keys
    assert "Added Nov 30–Dec 6, 2026" in client.get("/browse?added=2026-W49").get_data(as_text=True)


def test_a_time_zone_that_does_not_exist_is_refused_naming_the_variable(env):
    _store, settings, _, _ = env
    out = kb(settings, "digest", "send", "--dry-run", env={"KB_TIME_ZONE": "Asia/Shangai"}, code=1)
    assert out == ("Error: KB_TIME_ZONE: setting 'time_zone' expects a time zone name such as Asia/Shanghai or UTC, "
                   "got 'Asia/Shangai'\n")


@pytest.mark.parametrize(("language", "chip"), [
    ("en", "Lessons added Nov 30, 2026, 08:00 – Dec 7, 2026, 00:00"),
    ("zh", "2026年11月30日 08:00 – 2026年12月7日 00:00新增经验")])
def test_and_more_of_a_window_starting_within_a_day_leads_to_that_window_to_the_second(env, smtp, monkeypatch,
                                                                                      language, chip):
    """The last digest, sent while the site counted in UTC, ended at 08:00 on Monday in Shanghai: this one counts from
    there, but its "and N more" named the whole week, and browse counted HR's lesson of 04:00 that the digest had
    not (its last digest had it)."""
    from html import unescape

    from kb.digest import content

    store, settings, _, _ = env
    _added_at_those_times(store)
    stop_clock(monkeypatch, DIGEST, MONDAY_MORNING_IN_SHANGHAI)
    kb(settings, "subscribers", "add", "pat@example.org", "--lang", language)
    store.conn.execute("UPDATE subscribers SET last_period_end = '2026-11-30T00:00:00+00:00'")
    store.conn.commit()
    monkeypatch.setitem(content.SECTION_LIMIT, "lessons", 1)  # Portal's two lessons: one shown, "and 1 more"
    assert "2026-W49: 1 sent" in kb(settings, "digest", "send", env={"KB_TIME_ZONE": "Asia/Shanghai"})
    html = smtp.to("pat@example.org")[0].get_body(("html",)).get_content()
    links = re.findall(r'<a href="http://kb\.example\.org(/browse\?lessons_added=[^"]+)"', html)
    assert len(links) == 1, html
    link = unescape(links[0])
    assert link.startswith("/browse?lessons_added=2026-11-30T08%3A00%3A00%2B08%3A00..2026-12-07T00%3A00%3A00%2B08%3A00&")
    client = create_app(settings.replace(time_zone="Asia/Shanghai")).test_client()
    client.set_cookie("kb_lang", language)
    page = client.get(link).get_data(as_text=True)
    assert re.findall(r'<a href="/documents/[^"]+">([^<]+)</a>', page) == ["Portal retrospective"]  # not HR's
    assert chip in unescape(page)
