"""The font stack follows the language of the text: English pages put Latin fonts first, so the curly quotes
“ ” ‘ ’ are drawn narrow, while Chinese pages put a CJK font first, so Chinese quotes stay full-width."""

from __future__ import annotations

import pytest

from tests.web.browsing import open_page
from tests.web.test_browser import browser, server  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow

# The width of the first “ in the element, in ems of the element's font size.
QUOTE_WIDTH = """el => {
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const at = node.data.indexOf('\\u201c');
    if (at < 0) continue;
    const range = document.createRange(); range.setStart(node, at); range.setEnd(node, at + 1);
    return range.getBoundingClientRect().width / parseFloat(getComputedStyle(node.parentElement).fontSize);
  }
  return null;
}"""


def _quote_width(browser, server, lang, path):  # noqa: F811 (the fixture)
    page = open_page(browser, server, lang=lang)
    try:
        page.goto(server + path)
        return page.eval_on_selector("main", QUOTE_WIDTH)
    finally:
        page.context.close()


@pytest.mark.parametrize(("lang", "path"), [("en", "/?q=zzqxv+wqqz"), ("zh", "/?q=zzqxv+wqqz")])
def test_curly_quotes_are_narrow_in_english_and_full_width_in_chinese(browser, server, lang, path):  # noqa: F811
    width = _quote_width(browser, server, lang, path)
    assert width is not None, "no “ on the page"
    if lang == "en":
        assert width < 0.6, f"“ is {width:.2f} em wide on an English page: a CJK font comes first"
    else:
        assert width > 0.8, f"“ is {width:.2f} em wide on a Chinese page: a Latin font comes first"
