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


def test_a_printed_lesson_carries_its_sections_text(browser, server, tmp_path):  # noqa: F811
    """The section a lesson stands in is a folded <details> on its page, and Chromium prints it folded: the paper
    said "Section: 需要改进" and nothing of it. Printing unfolds it; it is folded again after."""
    import pypdfium2

    page = open_page(browser, server, lang="zh", width=1280, height=800)
    page.goto(server + "/documents/erp/retro")
    page.click("a[href^='/lessons/']:near(:text('外包供应商的接口交付延期五周'))")  # its section holds a second lesson
    page.wait_for_url("**/lessons/*")
    section = page.locator("details.context pre").text_content()
    assert "测试环境直到上线前一周才准备好" in section and "测试环境直到上线前一周才准备好" not in page.inner_text("main")
    assert page.locator("details.context").get_attribute("open") is None
    page.pdf(path=str(tmp_path / "lesson.pdf"))  # print media, beforeprint and afterprint, as a printer gets them
    pdf = pypdfium2.PdfDocument(str(tmp_path / "lesson.pdf"))
    printed = "".join("".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf))).split())
    pdf.close()
    assert "测试环境直到上线前一周才准备好" in printed
    assert page.locator("details.context").get_attribute("open") is None  # folded again on the screen
    page.context.close()
