"""A project manager's searches in a real Chromium: what the page shows after the browser's back button. The tests
take their language's kept page (``tab``): each loads its own server's pages, so the history it goes back through
is its own."""

from __future__ import annotations

import pytest

from tests.web.browsing import open_page
from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow


def test_back_to_a_page_of_results_its_box_shows_the_query_it_found(tab, server):  # noqa: F811
    """Back from the results of a second query, the box kept the second query (and mode) over the results of the
    first: the page said "vendor delivered late" in its title and list, "test environment" in its box."""
    page = tab("en")
    page.goto(server + "/?q=vendor+delivered+late&mode=hybrid")
    page.fill("#q", "test environment")
    page.check("input[name=mode][value=keyword]")
    page.press("#q", "Enter")
    page.wait_for_url("**q=test+environment**")
    page.go_back()
    page.wait_for_url("**q=vendor+delivered+late**")
    page.wait_for_load_state("load")  # (wait_for_function polls by eval, which the page's CSP refuses)
    assert page.input_value("#q") == "vendor delivered late"
    assert page.is_checked("input[name=mode][value=hybrid]")


@pytest.mark.parametrize("lang, width", [("zh", 1280), ("en", 390)])
def test_from_the_search_box_the_keyboard_reaches_the_results_past_the_filters(tab, server, lang, width):  # noqa: F811
    """After a search the focus is in the box, and every filter link (projects, kinds, types, tags, years,
    languages: 45 on the shipped corpus's 供应商延期交付) came before the first result. A link after the search
    button, shown when focused, goes to the results."""
    page = tab(lang, width=width)
    page.goto(server + "/")
    page.fill("#q", "供应商 test environment")
    page.press("#q", "Enter")
    page.wait_for_selector("ol.groups li.group")
    # autofocus lands at the browser's next rendering step, not with the parse: waited for (a loaded run saw it after)
    page.wait_for_selector("#q:focus", timeout=5000)  # not wait_for_function: it polls by eval, refused by the CSP
    for _ in range(3):  # the modes, the search button, then the link
        page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.getAttribute('href'), document.activeElement.innerText]")
    assert focused[0] == "#results" and focused[1] == {"zh": "跳到搜索结果", "en": "Skip to the results"}[lang]
    assert page.evaluate("document.activeElement.getBoundingClientRect().height") > 0  # seen when focused
    page.keyboard.press("Enter")
    tabs = 0
    while not page.evaluate("document.activeElement.closest('li.group') === document.querySelector('li.group')"):
        page.keyboard.press("Tab")
        tabs += 1
        assert page.evaluate("!!document.activeElement.closest('#results')"), page.evaluate("document.activeElement.outerHTML")
    assert 1 <= tabs <= 8  # the count line's links (list all, the exports, the language order), the sort's two others (newest, oldest), then the first title


@pytest.mark.parametrize("lang, width", [("zh", 390), ("en", 1280)])
def test_back_from_a_result_the_list_is_where_it_was_and_the_focus_on_the_link_followed(tab, server, lang, width):  # noqa: F811
    """Back from a result, the search box's autofocus took the reader to the page's top (Back reloads the page when
    the browser keeps no copy of it, always for a logged-in reader's no-store pages): 2,517 px up on a phone's list of
    测试环境没有准备好, the focus in the box, the result opened to be found again. Browse kept its place, not the focus."""
    page = tab(lang, width=width, height=400)  # the test collection's lists, scrolled
    for path in ("/?q=test+environment+vendor+数据迁移", "/browse"):
        page.goto(server + path)
        page.wait_for_load_state("load")
        link = page.locator("[data-keep-place] a[href^='/documents/']").last
        link.scroll_into_view_if_needed()
        href, before = link.get_attribute("href"), page.evaluate("window.scrollY")
        assert before > 100, path
        link.focus()
        with page.expect_navigation():
            page.keyboard.press("Enter")
        page.go_back()
        page.wait_for_load_state("load")
        page.wait_for_selector(f'[data-keep-place] a[href="{href}"]:focus', timeout=5000)
        assert abs(page.evaluate("window.scrollY") - before) < 5, path
        page.reload()  # nothing followed: the place kept too, not the box focused at the top
        page.wait_for_load_state("load")
        # autofocus, which took the page to its top, is applied at a rendering step after load: two frames later
        page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        assert abs(page.evaluate("window.scrollY") - before) < 5, path
    page.goto(server + "/?q=vendor")  # a search opened, not gone back to: the box has the focus, as before
    page.wait_for_selector("#q:focus", timeout=5000)


def test_on_a_touch_screen_neither_the_start_page_nor_a_search_focuses_the_box(browser, server):  # noqa: F811
    """A phone's reader searched and the box took the focus (app.js): the keyboard came up over the results. The empty
    start page's autofocus did the same, over its examples and recent lessons. On a touch screen both come without
    it, the reader tapping the box to type; with a mouse and keyboard the start page focuses the box, as before."""
    page = open_page(browser, server, lang="zh", width=390, height=700, has_touch=True, is_mobile=True)
    try:
        for path in ("/", "/?q=vendor&mode=keyword"):
            page.goto(server + path)
            page.wait_for_load_state("load")
            page.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
            assert page.evaluate("document.activeElement.id") != "q", path
    finally:
        page.context.close()
    page = open_page(browser, server, lang="en", width=1280)
    try:
        page.goto(server + "/")
        page.wait_for_selector("#q:focus", timeout=5000)
    finally:
        page.context.close()
