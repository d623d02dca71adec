"""The home page and the review queue in a real Chromium, in both languages, at a desktop's width (1280 px) and a
phone's (390 px): nothing wider than the screen, every section there, and a curator approving a whole page of the
queue with the "select all" box (real clicks) and seeing the count in the navigation bar go down."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kb.store import Store
from tests.web.browsing import logged_in_page
from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (fixtures; importing skips without Chromium)

pytestmark = pytest.mark.slow
SHOTS = os.environ.get("KB_SCREENSHOTS")  # a folder to keep the screenshots in, to look at them


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


@pytest.mark.parametrize(("width", "lang"), [(1280, "zh"), (390, "en"), (390, "zh"), (1280, "en")])
def test_the_home_page_and_the_queue_fit_the_screen_and_a_page_is_approved_at_once(server, tab, settings,  # noqa: F811
                                                                                   width, lang):
    with Store(settings.db) as store:
        store.count_search("供应商交付延期", 4)
        for _ in range(3):
            store.count_search("test environment", 2)
    page = tab(lang, width=width, timeout=20_000, user="carl")
    page.goto(server + "/")
    for section in ("curators", "recent", "sessions", "popular"):
        assert page.is_visible(f"section.home-{section}"), section
    assert _fits(page)
    _shot(page, f"home-{lang}-{width}")
    before = int(page.inner_text(".main-nav .queue-count"))
    page.click(".main-nav a[href='/review']")
    page.wait_for_selector(".queue-item")
    assert _fits(page)
    _shot(page, f"queue-{lang}-{width}")
    # when each lesson was added, as the language writes a time, as the other pages (lesson, contributions) do
    written = {"zh": r"^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$",
               "en": r"^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s?[AP]M$"}[lang]
    expect(page.locator(".queue-item time.js-local").first).to_have_text(re.compile(written))
    on_page = page.locator(".queue-item").count()
    page.check(".js-select-page")  # shown and working only with JavaScript
    assert page.locator("input[name=ids][form=bulk]:checked").count() == on_page
    page.uncheck("input[name=ids][form=bulk] >> nth=0")
    # set by the page's script once the boxes are read back: waited for, not read at once (a loaded run read it first)
    expect(page.locator(".js-select-page")).to_have_js_property("indeterminate", True)  # (wait_for_function polls by eval, which the page's CSP refuses)
    page.check("input[name=ids][form=bulk] >> nth=0")
    page.select_option("#bulk select[name=action]", "approve")
    page.click("#bulk button[type=submit]")
    page.wait_for_selector(".flash")
    done = "已认可 {} 条经验。" if lang == "zh" else "Lessons approved: {}."
    assert page.inner_text(".flash p") == done.format(on_page)
    assert page.inner_text(".flash button[value=undo]") == ("撤销" if lang == "zh" else "Undo")  # beside it
    after = page.locator(".main-nav .queue-count")
    assert (int(after.inner_text()) if after.count() else 0) == before - on_page


def test_without_javascript_the_queue_offers_no_select_the_page_box(server, browser):  # noqa: F811
    """The box works only with queue.js; `label.check`'s display overrode its `hidden`, so without JavaScript (and,
    under load, before the deferred script ran) a box was shown that ticked nothing."""
    page = logged_in_page(browser, server, "carl", java_script_enabled=False)
    try:
        page.goto(server + "/review")
        page.wait_for_selector(".queue-item")
        assert page.locator(".js-select-page").count() == 1
        assert not page.is_visible(".js-select-page")
        assert page.is_visible("input[name=ids][form=bulk] >> nth=0")  # each lesson is still ticked by hand
    finally:
        page.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_bulk_form_sent_without_its_tag_comes_back_ticked_and_is_sent_again(server, tab, lang):  # noqa: F811
    """Two lessons ticked, Add a tag chosen, Apply without a tag: every box came back unticked."""
    page = tab(lang, width=390, timeout=20_000, user="carl")
    page.goto(server + "/review")
    page.wait_for_selector(".queue-item")
    page.check("input[name=ids][form=bulk] >> nth=0")
    page.check("input[name=ids][form=bulk] >> nth=2")
    page.select_option("#bulk select[name=action]", "tag")
    page.click("#bulk button[type=submit]")
    page.wait_for_selector(".flash")
    assert page.locator("input[name=ids][form=bulk]:checked").count() == 2
    # set by the page's script once the boxes are read back: waited for, not read at once (a loaded run read it first)
    expect(page.locator(".js-select-page")).to_have_js_property("indeterminate", True)  # (wait_for_function polls by eval, which the page's CSP refuses)
    assert page.input_value("#bulk select[name=action]") == "tag"
    page.fill("#bulk input[name=tag]", "复盘精选")
    page.click("#bulk button[type=submit]")
    page.wait_for_selector(".flash >> text=复盘精选")
    said = "已为 2 条经验添加标签“复盘精选”。" if lang == "zh" else "Lessons tagged “复盘精选”: 2."
    assert said in page.inner_text(".flash")


# a browser set to a 12-hour clock (Safari follows the system's setting): a time written without an hour cycle said
# takes the browser's (Chromium's own follows the language, so the setting is put in the locale it is given)
TWELVE_HOUR_CLOCK = """(() => { const own = Date.prototype.toLocaleString;
  Date.prototype.toLocaleString = function (locale, options) { return own.call(this, (locale || "en") + "-u-hc-h12",
                                                                                    options); }; })();"""


def test_the_queue_writes_a_chinese_pages_times_on_a_24_hour_clock_whatever_the_browsers(server, browser):  # noqa: F811
    """The queue's 'Added' read 2026年12月7日 下午3:05 in a browser set to a 12-hour clock; the page's own times
    (a session's 14:30, the date fields' hints) are 24-hour. An English page keeps English's 3:05 PM."""
    page = logged_in_page(browser, server, "carl", lang="zh")
    try:
        page.context.add_init_script(TWELVE_HOUR_CLOCK)
        page.goto(server + "/review")
        expect(page.locator(".queue-item time.js-local").first).to_have_text(
            re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$"))
        page.context.add_cookies([{"name": "kb_lang", "value": "en", "url": server}])
        page.goto(server + "/review")
        expect(page.locator(".queue-item time.js-local").first).to_have_text(
            re.compile(r"^[A-Z][a-z]{2} \d{1,2}, \d{4}, \d{1,2}:\d\d\s?[AP]M$"))
    finally:
        page.context.close()
