"""The digest's HTML laid out by a real Chromium as a phone's mail app shows it: 360 px wide, with its <style> (dark
mode) and as the apps that strip it (every rule inline). Few and quick: one page a test, the session's browser."""

from __future__ import annotations

import re

import pytest

from kb.digest.content import Section
from kb.digest.render import render
from tests.digest.test_render import BASE, LESSON, SECRET, full, subscriber
from tests.web.test_browser import pytestmark  # noqa: F401 (skipped, or an error, as the browser tests are)

URL_TITLE = "https://wiki.example.org/projects/warehouse-management-system/retrospectives/2026/phase-3-final-v2.docx"
WORD = "Supercalifragilisticexpialidocious" * 3
ZH_TITLE = "智慧仓储WMS上线项目太仓配送中心与东莞配送中心两个仓库切换期间供应商接口延期问题专项复盘报告（第三版）"
# For each element with text of its own: its font size, its box, and its text's contrast with the background drawn
# behind it (the nearest ancestor's that has one; the canvas's otherwise).
MEASURE = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = c => { const [r, g, b] = c.slice(0, 3).map(v => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const behind = e => { for (; e; e = e.parentElement) { const c = rgb(getComputedStyle(e).backgroundColor);
    if (c.length === 3 || c[3] > 0) return c; } return matchMedia('(prefers-color-scheme: dark)').matches &&
    getComputedStyle(document.documentElement).colorScheme.includes('dark') ? [18, 18, 18] : [255, 255, 255]; };
  const out = [];
  for (const e of document.body.querySelectorAll('*')) {
    const own = [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const r = e.getBoundingClientRect(), cs = getComputedStyle(e);
    if (!own || r.height < 2 || cs.display === 'none' || e.closest('[style*="display:none"]')) continue;
    const [a, b] = [lum(rgb(cs.color)), lum(behind(e))];
    out.push({text: e.textContent.trim().slice(0, 40), size: parseFloat(cs.fontSize), right: r.right,
              contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), background: behind(e)});
  }
  return out; }"""


def _digest(language: str) -> str:
    documents = Section([{"key": "wms/retro", "title": URL_TITLE, "project": "WMS", "date": "2026-11-20"},
                         {"key": "wms/zh", "title": ZH_TITLE, "project": "智慧仓储WMS上线", "date": "2026-11-21"}], 3)
    lessons = Section([{**LESSON, "text": f"The {WORD} interface was late, see {URL_TITLE}"}], 9)
    return render(full(subscriber(language=language), new_documents=documents, new_lessons=lessons),
                  base_url=BASE, secret=SECRET)[1]


def _stripped(html: str) -> str:
    """As the mail apps that drop <style> and classes show it."""
    return re.sub(r'\sclass="[^"]*"', "", re.sub(r"<style\b.*?</style>", "", html, flags=re.DOTALL))


@pytest.fixture(scope="module")
def phones(chromium):  # the session's Chromium (tests/conftest.py)
    """One phone-sized page per colour scheme, kept for the module's tests (a new context and page cost Chromium
    about 1.7 s of CPU more: BENCHMARKS.md, t-trim4). Each test sets its digest as the page's whole document
    (``set_content``, no server, no script), so nothing of one test is left for the next."""
    pages: dict[str, object] = {}
    yield pages
    for page in pages.values():
        page.context.close()


@pytest.fixture
def phone(chromium, phones):
    def open_page(html: str, scheme: str = "light"):
        page = phones.get(scheme)
        if page is None or page.is_closed():
            context = chromium.new_context(viewport={"width": 360, "height": 740}, color_scheme=scheme)
            page = phones[scheme] = context.new_page()
        page.set_content(html)
        return page

    return open_page


@pytest.mark.parametrize(("language", "strip"), [("en", False), ("zh", True)])
def test_on_a_phone_nothing_runs_off_the_side_and_text_and_links_are_big_enough(phone, language, strip):
    html = _digest(language)
    page = phone(_stripped(html) if strip else html)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # long URLs, words and Chinese titles wrap
    texts = page.evaluate(MEASURE)
    assert [t for t in texts if t["right"] > 360] == []
    assert [(t["text"], t["size"]) for t in texts if t["size"] < 14] == []
    for link in ("unsubscribe", "subscription", "browse?added", "browse?lessons_added"):
        box = page.locator(f'a[href*="{link}"]').bounding_box()
        assert box["height"] >= 44 and box["width"] >= 44, (link, box)


@pytest.mark.parametrize(("scheme", "strip"), [("dark", False), ("light", False), ("dark", True)])
def test_every_text_keeps_its_contrast_in_dark_mode_and_without_the_style_block(phone, scheme, strip):
    html = _digest("zh")
    texts = phone(_stripped(html) if strip else html, scheme).evaluate(MEASURE)
    assert [(t["text"], round(t["contrast"], 1)) for t in texts if t["contrast"] < 4.5] == []
    lesson = next(t for t in texts if t["text"].startswith("The Super"))
    assert (sum(lesson["background"][:3]) < 150) == (scheme == "dark" and not strip)  # dark mode is dark
