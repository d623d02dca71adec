"""Browse by when documents were first added: ``added=2026-W47`` (an ISO week), a day or two days joined by "..",
which a digest's "and N more" links open; shown as a removable chip in both languages, kept by the sort links,
refused with a message naming the parameter."""

from __future__ import annotations

import re
from html import unescape

import pytest

from kb.store import Store

WEEK = {"crm/retro": "2026-11-16T00:00:00+00:00", "mes/pm": "2026-11-22T23:59:59+00:00",  # the first and last second
        "erp/retro": "2026-11-23T00:00:00+00:00"}  # the Monday after: the next week


@pytest.fixture
def added(settings):
    with Store(settings.db) as store:
        store.conn.execute("UPDATE documents SET first_ingested = '2026-10-01T08:00:00+00:00'")
        for key, when in WEEK.items():
            store.conn.execute("UPDATE documents SET first_ingested = ? WHERE key = ?", [when, key])
        store.conn.commit()


def _titles(page: str) -> list[str]:
    return sorted(re.findall(r'<a href="/documents/[^"]+">([^<]+)</a>', page))


@pytest.mark.parametrize(("lang", "chip"), [("en", "Added Nov 16–22, 2026 ✕"), ("zh", "2026年11月16日–22日新增 ✕")])
def test_documents_added_in_a_week_with_a_chip_that_removes_the_filter(client, added, lang, chip):
    client.set_cookie("kb_lang", lang)
    page = client.get("/browse?added=2026-W47&sort=title").get_data(as_text=True)
    assert _titles(page) == ["CRM migration retrospective", "MES go-live post-mortem"]
    link = re.search(r'<p class="filter-note" id="added-filter"><a class="chip" href="([^"]+)"[^>]*>([^<]+)</a>', page)
    assert link and link.group(2) == chip
    assert unescape(link.group(1)) == "/browse?sort=title"  # the filter gone, the sort kept
    sorts = re.findall(r'<a href="(/browse\?[^"]+)"', re.findall(r'<p class="sorts">.*?</p>', page, re.DOTALL)[0])
    assert len(sorts) == 4 and all("added=2026-W47" in unescape(h) for h in sorts)  # the sort changed, the filter kept
    everything = client.get("/browse?sort=title").get_data(as_text=True)
    assert 'id="added-filter"' not in everything and "ERP升级一期复盘" in everything


@pytest.mark.parametrize(("value", "titles"), [
    ("2026-11-22", ["MES go-live post-mortem"]),
    ("2026-11-16..2026-11-23", ["CRM migration retrospective", "ERP升级一期复盘", "MES go-live post-mortem"]),
    ("2026-W48", ["ERP升级一期复盘"]),
    # two moments (a digest's window from where the last one ended), to the second: not the first second's CRM
    ("2026-11-16T00:00:01+00:00..2026-11-23T00:00:00+00:00", ["MES go-live post-mortem"]),
    ("2026-11-16T08:00:00+08:00..2026-11-23T07:59:59+08:00", ["CRM migration retrospective"]),
])
def test_a_day_or_the_days_between_two(client, added, value, titles):
    assert _titles(client.get("/browse", query_string={"added": value}).get_data(as_text=True)) == titles


@pytest.mark.parametrize("value", ["2026-W60", "2026-11-31", "2026-11-22..2026-11-16", "last week", "x"])
def test_a_bad_added_value_is_a_clear_400_naming_it(client, value):
    response = client.get("/browse", query_string={"added": value})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert f"'added' cannot be '{value}': use a number of days, an ISO week like 2026-W48, a day like 2026-11-25" \
        " or two days like 2026-11-16..2026-11-22" in page  # whole: not cut as a long quoted value


@pytest.mark.parametrize("value", ["2026-11-31T08:00:00+08:00..2026-12-07T00:00:00+08:00",  # no such day
                                   "2026-12-07T00:00:00+08:00..2026-11-30T08:00:00+08:00"])  # backwards
def test_two_bad_moments_are_a_clear_400_naming_the_parameter(client, value):
    response = client.get("/browse", query_string={"added": value})
    assert response.status_code == 400
    assert f"'added' cannot be '{value[:40]}': use a number of days" in unescape(response.get_data(as_text=True))


def test_the_bad_value_message_in_chinese(client):
    client.set_cookie("kb_lang", "zh")
    page = unescape(client.get("/browse", query_string={"added": "2026-W60"}).get_data(as_text=True))
    assert "“added”不能是“2026-W60”：请使用天数、ISO 周（如 2026-W48）、日期（如 2026-11-25）或两个日期" in page
