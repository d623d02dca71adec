"""Browse by when documents were last updated: ``updated=2026-W47`` (an ISO week), a day or two days joined by "..",
as the ``added`` filter reads them (tests/web/test_browse_added.py): the documents ingested again in those days that
were added before them, which a digest's "Updated documents … and N more" link opens; shown as a removable chip in
both languages, kept by the sort links, refused with a message naming the parameter."""

from __future__ import annotations

import re
from html import unescape

import pytest

from kb.store import Store

OLD = "2026-10-01T08:00:00+00:00"
# key: (first ingested, last ingested)
WHEN = {"crm/retro": (OLD, "2026-11-16T00:00:00+00:00"),  # updated at the week's first second
        "mes/pm": (OLD, "2026-11-22T23:59:59+00:00"),  # and at its last
        "erp/retro": (OLD, "2026-11-23T00:00:00+00:00")}  # the Monday after: the next week
NEW_THAT_WEEK = ("2026-11-18T09:00:00+00:00", "2026-11-20T09:00:00+00:00")  # added, then changed: new, not "updated"


@pytest.fixture
def updated(settings):
    with Store(settings.db) as store:
        store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ?", [OLD, OLD])
        keys = [row["key"] for row in store.rows("SELECT key FROM documents ORDER BY key")]
        new = next(key for key in keys if key not in WHEN)  # another document
        for key, (first, last) in {**WHEN, new: NEW_THAT_WEEK}.items():
            assert store.conn.execute("UPDATE documents SET first_ingested = ?, last_ingested = ? WHERE key = ?",
                                      [first, last, key]).rowcount == 1
        store.conn.commit()


def _titles(page: str) -> list[str]:
    return sorted(re.findall(r'<a href="/documents/[^"]+">([^<]+)</a>', page))


@pytest.mark.parametrize(("lang", "chip"), [("en", "Updated Nov 16–22, 2026 ✕"), ("zh", "2026年11月16日–22日更新 ✕")])
def test_documents_updated_in_a_week_with_a_chip_that_removes_the_filter(client, updated, lang, chip):
    client.set_cookie("kb_lang", lang)
    page = client.get("/browse?updated=2026-W47&sort=title").get_data(as_text=True)
    assert _titles(page) == ["CRM migration retrospective", "MES go-live post-mortem"]  # not the one new that week
    link = re.search(r'<p class="filter-note" id="updated-filter"><a class="chip" href="([^"]+)"[^>]*>([^<]+)</a>',
                     page)
    assert link and link.group(2) == chip and 'id="added-filter"' not in page
    assert unescape(link.group(1)) == "/browse?sort=title"  # the filter gone, the sort kept
    sorts = re.findall(r'<a href="(/browse\?[^"]+)"', re.findall(r'<p class="sorts">.*?</p>', page, re.DOTALL)[0])
    assert len(sorts) == 4 and all("updated=2026-W47" in unescape(h) for h in sorts)  # the sort changed, the filter kept
    everything = client.get("/browse?sort=title").get_data(as_text=True)
    assert 'id="updated-filter"' not in everything and "ERP升级一期复盘" in everything


@pytest.mark.parametrize(("value", "titles"), [
    ("2026-11-22", ["MES go-live post-mortem"]),
    ("2026-11-16..2026-11-23", ["CRM migration retrospective", "ERP升级一期复盘", "MES go-live post-mortem"]),
    ("2026-W48", ["ERP升级一期复盘"]),
])
def test_a_day_or_the_days_between_two(client, updated, value, titles):
    assert _titles(client.get("/browse", query_string={"updated": value}).get_data(as_text=True)) == titles


def test_updated_and_added_together_each_with_its_chip(client, updated):
    page = client.get("/browse?updated=2026-W47&added=2026-10-01").get_data(as_text=True)
    assert _titles(page) == ["CRM migration retrospective", "MES go-live post-mortem"]
    assert 'id="updated-filter"' in page and 'id="added-filter"' in page


@pytest.mark.parametrize("value", ["2026-W60", "2026-11-31", "2026-11-22..2026-11-16", "last week", "x"])
def test_a_bad_updated_value_is_a_clear_400_naming_it(client, value):
    response = client.get("/browse", query_string={"updated": value})
    page = unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert f"'updated' cannot be '{value}': use a number of days, an ISO week like 2026-W48, a day like 2026-11-25" \
        " or two days like 2026-11-16..2026-11-22" in page  # whole: not cut as a long quoted value


def test_the_bad_value_message_in_chinese(client):
    client.set_cookie("kb_lang", "zh")
    page = unescape(client.get("/browse", query_string={"updated": "2026-W60"}).get_data(as_text=True))
    assert "“updated”不能是“2026-W60”：请使用天数、ISO 周（如 2026-W48）、日期（如 2026-11-25）或两个日期" in page


def test_the_api_reads_updated_as_browse_does(client, updated):
    items = client.get("/api/documents?updated=2026-W47&sort=title").get_json()["items"]
    assert sorted(item["key"] for item in items) == ["crm/retro", "mes/pm"]
