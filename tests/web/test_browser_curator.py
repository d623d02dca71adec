"""A curator's pages in a real Chromium where only a browser shows the problem: the printable agenda on a phone
(a phone's browser, with its layout viewport, not a narrow desktop window), and forms left open in a second tab."""

from __future__ import annotations

import pytest

from kb.store import Store
from tests.web.browsing import open_page
from tests.web.test_browser import browser, server  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow


@pytest.fixture
def scheduled(settings):
    """A scheduled session with one lesson on its agenda: what attendees open."""
    with Store(settings.db) as store:
        lesson = store.rows("SELECT id FROM lessons ORDER BY id LIMIT 1")[0]["id"]
        session_id = store.create_session({"title": "12月经验分享会：数据迁移", "scheduled_at": "2026-12-15T14:30",
                                           "location": "3楼大会议室"})
        store.add_session_item(session_id, lesson)
        store.set_session_status(session_id, "scheduled")
    return session_id


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_printable_agenda_is_laid_out_for_a_phone(browser, server, scheduled, lang):  # noqa: F811
    """An attendee opening the agenda on a phone got it laid out 980 px wide and shrunk to fit: no viewport."""
    page = open_page(browser, server, lang=lang, width=390, height=844, is_mobile=True, has_touch=True)
    try:
        page.goto(f"{server}/sessions/{scheduled}/print")
        assert page.inner_text("h1") == "12月经验分享会：数据迁移"
        assert page.evaluate("window.innerWidth") == 390
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.goto(f"{server}/sessions/{scheduled}")  # and the session page, as it was
        assert page.evaluate("window.innerWidth") == 390
    finally:
        page.context.close()
