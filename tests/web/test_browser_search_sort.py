"""The search page's sort in a real Chromium, on a phone and a desktop: newest first, kept by a filter and the
language switch (u-pm #14: results could not be sorted by date; browse could, without a query)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.web.browsing import open_page
from tests.web.test_browser import browser, server  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow

LABELS = {"zh": ("最匹配", "最新"), "en": ("Best match", "Newest")}


def _dates(page) -> list[str]:
    return page.eval_on_selector_all("ol.groups li.group .doc-meta", "ps => ps.map(p => p.innerText)")


@pytest.mark.parametrize(("lang", "width"), [("zh", 390), ("en", 390), ("zh", 1280), ("en", 1280)])
def test_a_search_sorted_newest_first_stays_sorted_through_a_filter_and_the_language_switch(
        browser, server, lang, width):  # noqa: F811
    page = open_page(browser, server, lang=lang, width=width, is_mobile=width < 600, has_touch=width < 600)
    page.goto(server + "/?q=测试环境")
    relevance, newest = LABELS[lang]
    control = page.locator("#search-sort")
    assert control.is_visible() and page.inner_text("#search-sort [aria-current=true]") == relevance
    box = control.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # on the screen, nothing past its right edge
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.click(f"#search-sort a:text-is('{newest}')")
    page.wait_for_url("**sort=date**")
    assert page.inner_text("#search-sort [aria-current=true]") == newest
    dated = _dates(page)
    assert len(dated) == 2 and "2025-09-01" in dated[0] and "2024-06-28" in dated[1]  # by relevance: ERP first
    if page.is_visible(".filter-button"):  # a phone: the filters are behind their button
        page.click(".filter-button")
    page.click("#filters a[href*='year=2025']")
    page.wait_for_url("**year=2025**")
    assert "sort=date" in page.url and page.inner_text("#search-sort [aria-current=true]") == newest
    other = "en" if lang == "zh" else "zh"
    page.click(f".langs a[lang={other}]")
    page.wait_for_url(lambda url: "year=2025" in url and "sort=date" in url)
    expect(page.locator("html")).to_have_attribute("lang", re.compile(f"^{other}"))  # (wait_for_function polls by eval, which the page's CSP refuses)
    assert page.inner_text("#search-sort [aria-current=true]") == LABELS[other][1]
    page.context.close()
