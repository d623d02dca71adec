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


# How many pixels of 🔁, drawn in black in the page's own font stack, come out in colour: a colour emoji font draws it
# blue and white, a missing one a black box (tofu).
EMOJI_COLOURED = """() => {
  const canvas = document.createElement('canvas'); canvas.width = 40; canvas.height = 40;
  const pen = canvas.getContext('2d');
  pen.font = '32px ' + getComputedStyle(document.body).fontFamily; pen.fillStyle = '#000'; pen.textBaseline = 'top';
  pen.fillText('\\u{1F501}', 2, 2);
  const px = pen.getImageData(0, 0, 40, 40).data;
  let coloured = 0;
  for (let i = 0; i < px.length; i += 4) {
    if (px[i + 3] > 0 && (Math.abs(px[i] - px[i + 1]) > 40 || Math.abs(px[i + 1] - px[i + 2]) > 40)) coloured++;
  }
  return coloured;
}"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_emoji_are_drawn_not_boxes(browser, server, lang):  # noqa: F811
    """Titles carry emoji as their authors wrote them ("🔁 Retro – Rollout Wave 1", a Notion page; "🎓 PMP认证培训计划"):
    every reader's browser draws them, but the headless shell had no emoji font, and the tests' and README's
    screenshots showed a box in their place. scripts/test.sh installs Debian's fonts-noto-color-emoji."""
    page = open_page(browser, server, lang=lang)
    try:
        page.goto(server + "/")
        coloured = page.evaluate(EMOJI_COLOURED)
    finally:
        page.context.close()
    assert coloured > 100, f"🔁 drawn without colour ({coloured} pixels): install Debian's fonts-noto-color-emoji"
