""""Add to session" on search results, in a real Chromium with JavaScript off and on. Without it nothing follows the
list's choice: the button of a hit already on the first-listed session posted and came back with "already on this
agenda". The page as served now chooses a session the hit is not on (those it is on cannot be chosen, and the button
cannot be pressed when it is on all of them); with JavaScript the list offers every session, the first chosen, and the
button says whether the hit is on it, as before."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from kb.store import Store
from tests.web.browsing import logged_in_page
from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow
QUERY = "/?q=测试环境"


@pytest.fixture
def placed(settings):
    """Two sessions, the next one listed first (in the "add to session" lists): their ids."""
    with Store(settings.db) as store:
        first = store.create_session({"title": "华东区分享会", "scheduled_at": "2099-01-10T14:00"})
        second = store.create_session({"title": "华南区分享会", "scheduled_at": "2099-02-10T14:00"})
    return first, second


def _hits(page) -> list[int]:
    return [int(x) for x in page.eval_on_selector_all("form.add-session input[name=lesson_id]",
                                                      "els => els.map(e => e.value)")]


def _form(page, lesson_id):
    return page.locator(f'form.add-session:has(input[name=lesson_id][value="{lesson_id}"])').first


def _place(settings, page, first, second) -> tuple[int, int, int]:
    """Put the first hit on the first session, the second hit on both; reload. Returns their ids and a free hit's."""
    on_one, on_both, free = _hits(page)[:3]
    with Store(settings.db) as store:
        store.add_session_item(first, on_one)
        store.add_session_item(first, on_both)
        store.add_session_item(second, on_both)
    page.reload()
    return on_one, on_both, free


def _agenda(settings, session_id) -> list[int]:
    with Store(settings.db) as store:
        return [i["lesson_id"] for i in store.session(session_id)["items"]]


@pytest.mark.parametrize(("lang", "on", "added"), [("zh", "已在议程中", "已加入“华南区分享会”。"),
                                                   ("en", "On the agenda", "Added to “华南区分享会”.")])
def test_without_javascript_a_hit_on_the_first_session_is_added_to_the_next_one(
        browser, server, settings, placed, lang, on, added):  # noqa: F811
    first, second = placed
    page = logged_in_page(browser, server, "carl", lang=lang, java_script_enabled=False)
    try:
        page.goto(server + QUERY)
        on_one, on_both, free = _place(settings, page, first, second)
        form = _form(page, on_one)
        hit = page.locator(f'.hit[data-lesson="{on_one}"]').first
        expect(hit.locator(".badge.on-agenda")).to_be_visible()  # it says it is on the first session's agenda
        expect(form.locator("select")).to_have_value(str(second))
        assert form.locator(f'option[value="{first}"]').is_disabled()
        expect(form.locator("button")).not_to_have_text(on)
        both = _form(page, on_both)  # on every session: nothing to add it to
        expect(both.locator("button")).to_be_disabled()
        expect(both.locator("button")).to_have_text(on)
        expect(_form(page, free).locator("select")).to_have_value(str(first))  # not on any: the first, as before
        with page.expect_navigation():
            form.locator("button").click()
        expect(page.locator(".flash[role=status]")).to_have_text(added)
        assert page.locator(".flash.error").count() == 0
        assert on_one in _agenda(settings, second) and _agenda(settings, first).count(on_one) == 1
    finally:
        page.context.close()


def test_with_javascript_the_first_session_is_chosen_and_the_button_says_the_hit_is_on_it(
        browser, server, settings, placed):  # noqa: F811
    first, second = placed
    page = logged_in_page(browser, server, "carl", lang="zh")
    try:
        page.goto(server + QUERY)
        on_one, on_both, free = _place(settings, page, first, second)
        for lesson, on in ((on_one, True), (on_both, True), (free, False)):
            form = _form(page, lesson)
            expect(form.locator("select")).to_have_value(str(first))
            expect(form.locator("button")).to_have_text("已在议程中" if on else "加入分享会")
            assert not form.locator("button").evaluate("b => b.disabled")  # aria-disabled at most: it keeps the focus
            if on:
                expect(form.locator("button")).to_have_attribute("aria-disabled", "true")
            assert not form.locator(f'option[value="{first}"]').is_disabled()
        posted = []
        page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
        _form(page, on_one).locator("button").focus()
        page.keyboard.press("Enter")  # on the chosen session: nothing sent
        page.wait_for_timeout(300)
        assert posted == []
        form = _form(page, on_both)
        form.locator("select").select_option(str(second))  # chosen in one list, chosen in every list
        expect(form.locator("button")).to_have_text("已在议程中")
        expect(_form(page, on_one).locator("button")).to_have_text("加入分享会")
        with page.expect_response(lambda r: r.request.method == "POST"):
            _form(page, on_one).locator("button").click()
        expect(_form(page, on_one).locator("button")).to_have_text("已在议程中")
        assert on_one in _agenda(settings, second)
    finally:
        page.context.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_on_a_375_px_phone_a_similar_lesson_on_the_agenda_keeps_its_header_in_its_card(
        tab, server, settings, placed, lang):  # noqa: F811
    """Followed from a digest by a curator on a phone: the "On the agenda" badge pushed how a similar lesson was found
    past the card's edge, and the page scrolled sideways (400 px wide at 375)."""
    first, _second = placed
    page = tab(lang, width=375, user="carl")
    page.goto(server + "/documents/mes/pm")
    similar = [int(x) for x in page.eval_on_selector_all(".hit[data-lesson]", "els => els.map(e => e.dataset.lesson)")]
    assert similar
    with Store(settings.db) as store:
        for lesson in similar:
            store.add_session_item(first, lesson)
    page.reload()
    expect(page.locator(".hit .badge.on-agenda").first).to_be_visible()
    assert page.evaluate("Math.max(...Array.from(document.querySelectorAll('.hit-meta .how-found summary'))"
                         ".map(e => e.getBoundingClientRect().right)) <= window.innerWidth")
    assert page.evaluate("Array.from(document.querySelectorAll('.hit-meta')).every(m => m.scrollWidth <= m.clientWidth"
                         " + 1)")  # and inside its card (the hint ended 20 px past it, inside the window)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


LONG = "供应商管理与测试环境准备经验分享会（第四季度）"
ARROW = 20  # px of a list's width its arrow takes, beside its padding
CUT = """() => { const c = document.createElement('canvas').getContext('2d');
  return [...document.querySelectorAll('form.add-session select')].flatMap(s => { const cs = getComputedStyle(s);
    c.font = cs.fontSize + ' ' + cs.fontFamily;
    const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight) - ARROW;
    return [...s.options].filter(o => c.measureText(o.textContent).width > room)
      .map(o => (s.closest('aside') ? 'sidebar: ' : 'main: ') + o.textContent + ' in ' + Math.round(room) + ' px'); }); }""".replace("ARROW", str(ARROW))


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(("lang", "on"), [("zh", "已在议程中"), ("en", "On the agenda")])
def test_every_session_of_a_list_is_shown_whole_with_its_date_or_that_the_lesson_is_on_it(
        tab, server, settings, lang, on, width):  # noqa: F811
    """At 390 px "供应商管理与测试环…第四季度） · 2026-12-20 · 已在议程中" showed as far as the date: the list's one
    word that the lesson is on that session was cut off. At 1280 px the similar-issues sidebar's list, beside its
    button, was 220 px: "供应商管理与测试环…第四季度", neither the title's end nor the date; and the main column's
    cut the date's last digit. Each option now fits its list, the lists of the sidebar a line of their own, and an
    option on the agenda says so in place of its date (which its title attribute keeps)."""
    with Store(settings.db) as store:
        long = store.create_session({"title": LONG, "scheduled_at": "2099-01-10T14:00"})
        store.create_session({"title": "Cut-over lessons: DNS, data migration and the go-live weekend",
                              "scheduled_at": "2099-02-10T14:00"})
    page = tab(lang, width=width, user="carl")
    page.goto(server + "/documents/erp/retro")
    lessons = _hits(page)
    with Store(settings.db) as store:
        store.add_session_item(long, lessons[0])
    page.reload()
    assert page.locator("aside.similar form.add-session select").count() > 0  # the sidebar's lists are measured
    marked = _form(page, lessons[0]).locator(f'option[value="{long}"]')
    assert marked.inner_text().endswith(f" · {on}") and "2099-01-10" in marked.get_attribute("title")
    assert page.evaluate(CUT) == []
    free = _form(page, lessons[1])  # added with JavaScript: its option then says so, and fits as well
    with page.expect_response(lambda r: r.request.method == "POST"):
        free.locator("button").click()
    expect(free.locator("button")).to_have_text(on)
    assert free.locator(f'option[value="{long}"]').inner_text().endswith(f" · {on}")
    assert page.evaluate(CUT) == []
