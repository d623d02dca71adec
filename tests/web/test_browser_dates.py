"""Dates on the forms in a real Chromium whose own language is English (US) while the UI is Chinese or English: the
field shows the date as the page writes it (2025-03-01, the format said beside it in the UI's language), and a
date typed as the hint says is the date stored. An <input type=date> showed mm/dd/yyyy here whatever the page's
language, and "2025-03-01" typed into it landed in the wrong fields."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kb.store import Store
from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (fixtures; importing skips without Chromium)

pytestmark = pytest.mark.slow
HINTS = {"zh": ("例如 2025-03-01（年-月-日）", "例如 2026-12-15 14:30（24 小时制）"),
         "en": ("e.g. 2025-03-01 (year-month-day)", "e.g. 2026-12-15 14:30 (24-hour clock)")}


def _type(page, selector: str, text: str) -> None:
    """Clear a field and type into it key by key, as a user would."""
    page.fill(selector, "")
    page.locator(selector).press_sequentially(text)

def _record(page, typed_date: str, lesson: str, *, valid: bool = False) -> None:
    """Record a lesson of project 仓库二期 with its date typed key by key (``valid``: first check that the browser
    lets the field through) and wait for the recorded lesson's page."""
    _type(page, "#record-form input[name=date]", typed_date)
    if valid:
        assert page.eval_on_selector("#record-form input[name=date]", "e => e.checkValidity()")
    page.fill("textarea[name=lesson]", lesson)
    page.fill("input[name=project]", "仓库二期")
    page.click("#record-button")
    page.wait_for_selector("article.document")



@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_lessons_date_is_shown_and_typed_as_the_page_says(server, tab, contributor, settings, lang):  # noqa: F811
    page = tab(lang, user=contributor[0], locale="en-US")
    before = date.today().isoformat()
    page.goto(server + "/contribute/record")
    # today, on whichever side of midnight the page was made
    assert page.input_value("#record-form input[name=date]") in {before, date.today().isoformat()}
    assert HINTS[lang][0] in page.inner_text("#record-form")
    _record(page, "2025-03-01", "叉车外包商要在租约签署前预订。")
    with Store(settings.db) as store:
        stored = store.rows("SELECT d.date FROM lessons l JOIN documents d ON d.id = l.document_id WHERE l.text = ?",
                            ["叉车外包商要在租约签署前预订。"])
    assert [row["date"] for row in stored] == ["2025-03-01"]


def test_a_share_sessions_date_and_time_are_shown_and_typed_as_the_page_says(server, tab, settings):  # noqa: F811
    page = tab("zh", user="carl", locale="en-US")
    page.goto(server + "/sessions")
    assert HINTS["zh"][1] in page.inner_text("#new-session")
    page.fill("#new-session input[name=title]", "日期输入")
    _type(page, "#new-session input[name=scheduled_at]", "2026-12-15 14:30")
    page.click("#new-session button[type=submit]")
    page.wait_for_url(re.compile(r".*/sessions/\d+$"))
    session_id = int(page.url.rsplit("/", 1)[1])
    assert page.input_value("input[name=scheduled_at]") == "2026-12-15 14:30"  # the edit form, as typed
    assert "2026-12-15" in page.inner_text("main")
    with Store(settings.db) as store:
        assert store.session(session_id)["scheduled_at"] == "2026-12-15T14:30"


def test_a_date_typed_with_slashes_or_in_chinese_is_not_blocked_by_the_browser(server, tab, contributor, settings):  # noqa: F811
    """The field had a pattern (\\d{4}-\\d{2}-\\d{2}): Chromium refused "2026/10/15" with its own "Please match the
    requested format." in the browser's language. The server takes it and stores the ISO date."""
    page = tab("zh", user=contributor[0], locale="en-US")
    for typed, lesson in (("2026/10/15", "斜杠写的日期也能提交。"), ("2026年3月1日", "中文写的日期也能提交。")):
        page.goto(server + "/contribute/record")
        _record(page, typed, lesson, valid=True)
    with Store(settings.db) as store:
        stored = store.rows("SELECT l.text, d.date FROM lessons l JOIN documents d ON d.id = l.document_id "
                            "WHERE l.text LIKE '%日期也能提交。' ORDER BY d.date")
    assert [(row["text"], row["date"]) for row in stored] == [("中文写的日期也能提交。", "2026-03-01"),
                                                              ("斜杠写的日期也能提交。", "2026-10-15")]
