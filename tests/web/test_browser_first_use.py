"""What a new user met in Chromium, in both languages, at a phone's width and a desktop's (u-left2): the cards of a
share session start at their heading, a hit on the agenda says so whole on a phone."""

from __future__ import annotations

import pytest

from kb.store import Store
from tests.web.browsing import logged_in_page, open_page
from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow


@pytest.fixture
def session_id(settings):
    with Store(settings.db) as store:
        return store.create_session({"title": "供应商管理经验分享会", "theme": "供应商交付延期"})


@pytest.mark.parametrize(("width", "lang"), [(390, "zh"), (390, "en"), (1280, "zh")])
def test_a_share_session_card_has_no_empty_band_above_its_heading(tab, server, session_id, width, lang):  # noqa: F811
    """At 390 px an empty band of 35 px stood above 状态 (the card's padding, then the heading's own top margin,
    which does not collapse through a padding); the band is the card's padding now, as below its last line."""
    page = tab(lang, width=width, user="carl")
    page.goto(f"{server}/sessions/{session_id}")
    gaps = page.eval_on_selector_all("section.card", """cards => cards.map(card => {
        const top = card.getBoundingClientRect().top + parseFloat(getComputedStyle(card).borderTopWidth)
          + parseFloat(getComputedStyle(card).paddingTop);
        return card.firstElementChild.getBoundingClientRect().top - top; })""")
    assert len(gaps) == 3 and all(abs(gap) < 1 for gap in gaps), gaps  # status, suggestions, details


CUT = """els => els.filter(e => e.getClientRects().length && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_phone_a_hit_on_the_agenda_says_so_whole(tab, server, settings, lang):  # noqa: F811
    """At 390 px a search hit just added to a session read "Lesson · Les… · On the ag… · matches your words": the
    badge and the heading both cut to a few letters. The badge is whole, on the header's next line when need be, and
    a short heading whole too; the header stays inside its card."""
    with Store(settings.db) as store:
        session = store.create_session({"title": "议程", "scheduled_at": "2026-12-15T14:30"})
        for row in store.rows("SELECT id FROM lessons"):
            store.add_session_item(session, row["id"])
    page = tab(lang, width=390, user="carl")
    page.goto(server + "/?q=" + ("测试环境没有准备好" if lang == "zh" else "test environment not ready"))
    page.wait_for_selector("ol.groups .hit-meta")
    assert page.locator("ol.groups .badge.on-agenda:visible").count() >= 3
    assert page.eval_on_selector_all("ol.groups .badge.on-agenda", CUT) == []
    short = page.eval_on_selector_all("ol.groups .hit-meta .heading", "els => els.filter(e => e.textContent.length < 16)")
    assert short and page.eval_on_selector_all("ol.groups .hit-meta .heading", CUT.replace(
        "e.getClientRects().length", "e.getClientRects().length && e.textContent.length < 16")) == []
    assert page.evaluate("Array.from(document.querySelectorAll('.hit-meta')).every(m => m.scrollWidth <= m.clientWidth"
                         " + 1)")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_on_a_phone_a_document_links_to_its_similar_issues_at_its_top(browser, server, lang):  # noqa: F811
    """On a phone the similar issues come after the whole document, 6,000 px down a long retrospective, with nothing
    at the top saying they are there: a link under the document's details goes to them; beside them, at 1280 px,
    there is none."""
    for width in (390, 1280):
        page = open_page(browser, server, lang=lang, width=width, height=800)
        for path in ("/documents/erp/retro", "/lessons/1"):
            page.goto(server + path)
            link = page.locator("p.to-similar a")
            if width == 1280:
                assert not link.is_visible() and page.locator("aside.similar").is_visible(), path
                continue
            assert link.is_visible() and link.bounding_box()["y"] < 800, path  # on the first screen
            link.click()
            page.wait_for_url("**#similar")
            assert 0 <= page.locator("aside#similar h2").bounding_box()["y"] < 100, path
        page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_session_still_to_come_is_marked_held_only_when_confirmed(browser, server, settings, lang):  # noqa: F811
    """"Mark as held" stands beside "Schedule": one slip on a session two weeks ahead put it among the past sessions,
    without a word. Before its day the page asks first (and a No changes nothing); on or after it, it does not."""
    from datetime import date, timedelta

    with Store(settings.db) as store:
        ahead = store.create_session({"title": "下周", "scheduled_at": f"{date.today() + timedelta(days=14)}T14:30"})
        past = store.create_session({"title": "上周", "scheduled_at": f"{date.today() - timedelta(days=7)}T14:30"})
    page = logged_in_page(browser, server, "carl", lang=lang, width=390)
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    held = "标记为已举行" if lang == "zh" else "Mark as held"
    page.goto(f"{server}/sessions/{ahead}")
    page.get_by_role("button", name=held).click()
    page.wait_for_timeout(500)
    assert len(asked) == 1 and str(date.today() + timedelta(days=14)) in asked[0]
    with Store(settings.db) as store:
        assert store.session(ahead)["status"] == "draft"
    page.goto(f"{server}/sessions/{past}")
    with page.expect_navigation():
        page.get_by_role("button", name=held).click()
    assert len(asked) == 1
    with Store(settings.db) as store:
        assert store.session(past)["status"] == "held"
    page.context.close()
