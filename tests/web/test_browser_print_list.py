"""A printed list of search results or documents, in a real Chromium with print media: it says what was searched and
how it was filtered, takes the paper's width, and leaves the controls out.

Before: the printed search page had neither the query (the search box is not printed, the heading was for screen
readers only) nor its filters (the panel is not printed), and on a page wider than 860 px (landscape, or a desktop's
window) the results stood in the hidden filters' 230 px column: 9 landscape pages instead of 4."""

from __future__ import annotations

import pytest

from tests.web.browsing import open_page
from tests.web.test_browser import browser, server  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow
WIDTH = """sel => document.querySelector(sel).getBoundingClientRect().width"""


@pytest.mark.parametrize(("lang", "heading", "chip"), [
    ("zh", "“测试环境”的搜索结果", "项目：ERP系统升级"),
    ("en", "Results for 测试环境", "Project: ERP系统升级"),
])
def test_a_printed_search_says_what_was_searched_and_fills_the_page(browser, server, lang, heading, chip):  # noqa: F811
    page = open_page(browser, server, lang=lang, width=1280, height=800)
    page.goto(server + "/?q=测试环境&project=ERP系统升级")
    page.wait_for_selector("ol.groups li.group")
    page.emulate_media(media="print")
    assert page.locator("h1").is_visible() and page.inner_text("h1") == heading
    assert page.locator("#active-filters .chip").inner_text() == chip
    assert page.evaluate(WIDTH, "#results") > 0.9 * page.evaluate(WIDTH, "main")
    for control in ("form.search", ".filter-button", ".exports", ".prefer", ".chip-x"):
        assert not page.locator(control).first.is_visible(), control
    assert not page.inner_text(".count").rstrip().endswith("·")
    page.context.close()


def test_a_printed_document_list_fills_the_page_without_its_sort_links(browser, server):  # noqa: F811
    page = open_page(browser, server, lang="zh", width=1280, height=800)
    page.goto(server + "/browse?sort=title&lang=zh")
    page.emulate_media(media="print")
    assert page.locator("#active-filters .chip").inner_text() == "语言：中文"
    assert page.evaluate(WIDTH, "#results") > 0.9 * page.evaluate(WIDTH, "main")
    assert not page.locator(".sorts").is_visible()
    page.context.close()
