"""An address naming a record by no row id (/lessons/abc, /sessions/x/print), in a real Chromium at 390 px: the page
says which record is missing in the reader's language, and its link to the record's list (it offered only "Back to
search") is on screen, whole, and leads there."""

from __future__ import annotations

import pytest

from tests.web.browsing import open_page
from tests.web.test_browser import browser, server  # noqa: F401 (fixtures; importing skips without Chromium)

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("lang", "path", "said", "label", "list_path"), [
    ("zh", "/lessons/abc", "没有编号为“abc”的经验", "浏览全部文档", "/browse"),
    ("en", "/lessons/abc", "No lesson 'abc'", "Browse the documents", "/browse"),
    ("zh", "/sessions/x/print", "没有编号为“x”的经验分享会", "全部经验分享会", "/sessions"),
    ("en", "/sessions/x", "No share session 'x'", "All share sessions", "/sessions"),
])
def test_a_record_named_by_no_number_leads_to_its_list_on_a_phone(browser, server, lang, path, said, label,  # noqa: F811
                                                                  list_path):
    page = open_page(browser, server, lang=lang, width=390, height=700, timeout=20_000)
    response = page.goto(server + path)
    assert response.status == 404
    assert said in page.inner_text(".error-page p")
    link = page.locator("#area-list")
    assert link.inner_text() == label and link.is_visible()
    box = link.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 700  # in sight, whole
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    link.click()
    page.wait_for_url(f"**{list_path}")
    page.context.close()
