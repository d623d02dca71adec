"""The "similar issues" sidebar of a document's page in a real Chromium at 1280, 1024 and 390 px: other documents'
titles (long ones, a long unbroken file name, Chinese and English) wrap whole and readably. In the one-line header
beside a long heading, a title showed a character or two ("W…", "仓…") at 1280 px."""

from __future__ import annotations

import pytest

from tests.web.browsing import logged_in_page, open_page
from tests.web.test_browser import browser, server  # noqa: F401 (the fixtures of the browser tests)

pytestmark = pytest.mark.slow
TITLES = {"en": "Post_Implementation_Review_WarehouseManagementSystem_GoLive_Retrospective_Final_v3",
          "zh": "华东区域配送中心仓储管理系统上线与供应商及运营团队联合复盘会议纪要（第三阶段，全体成员参加）"}
DOCS = {"en": """# {title}

Project: Regional distribution centre warehouse management system rollout

## What didn't go well
- The test environment was not ready until one week before go-live, so integration testing was squeezed.
""", "zh": """# {title}

项目：华东区域配送中心仓储管理系统推广

## 需要改进
- 测试环境直到上线前一周才准备好，集成测试时间被压缩。
"""}
WIDTHS = (1280, 1024, 390)
# A title's line (its document's line: the title, then " · project"): how many characters each line holds (the
# characters' boxes grouped by top), how wide the title is shown, and whether any of it is cut.
LINES = """el => { const lines = new Map(), r = document.createRange(), walk = document.createTreeWalker(el.parentElement, 4);
  for (let text = walk.nextNode(); text; text = walk.nextNode()) for (let i = 0; i < text.length; i++) {
    r.setStart(text, i); r.setEnd(text, i + 1); const b = r.getBoundingClientRect();
    if (b.width) lines.set(Math.round(b.top), (lines.get(Math.round(b.top)) || 0) + 1); }
  const box = el.getBoundingClientRect(), shown = Math.min(box.width, el.parentElement.getBoundingClientRect().width);
  return {lines: Array.from(lines.values()), width: shown, right: box.right, text: el.parentElement.textContent,
          cut: el.scrollWidth > el.clientWidth + 1 || el.parentElement.scrollWidth > el.parentElement.clientWidth + 1}; }"""


def _add_documents(settings, tmp_path) -> str:
    """The two long-titled retrospectives ingested and indexed, as an upload is; the key of a page that lists them."""
    from ingest import ingest
    from kb.store import Store
    from search import SearchIndex

    folder = tmp_path / "long"
    folder.mkdir()
    for lang, text in DOCS.items():
        (folder / f"long-{lang}.md").write_text(text.format(title=TITLES[lang]),
                                                encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [folder])
        SearchIndex(store, settings).sync()
    return "mes/pm"


@pytest.mark.parametrize("who", ["carl", None])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_similar_documents_titles_wrap_whole_and_readably(browser, server, settings, tmp_path, lang, who):  # noqa: F811
    """At each width the page is loaded again in the same page, the viewport resized first: a browser page of its
    own for each width cost Chromium about a second of CPU more, and each an ingest of its own (t-trim3)."""
    key = _add_documents(settings, tmp_path)
    options = {"lang": lang, "width": WIDTHS[0], "height": 900, "timeout": 60_000}
    page = logged_in_page(browser, server, who, **options) if who else open_page(browser, server, **options)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{server}/documents/{key}")
        titles = page.locator("aside.similar .hit .source a")
        shown = titles.all_inner_texts()
        assert set(TITLES.values()) <= set(shown), (width, shown)  # the case in question: both long titles shown
        font = page.eval_on_selector("aside.similar .hit .source a", "el => parseFloat(getComputedStyle(el).fontSize)")
        for i, text in enumerate(shown):
            if text not in TITLES.values():
                continue
            got = titles.nth(i).evaluate(LINES)
            assert got["width"] >= 12 * font, (width, text, got)  # was 2em beside a long heading
            assert not got["cut"], (width, text, got)  # all of it shown, none of it behind "…"
            assert min(got["lines"][:-1]) >= 10 and got["lines"][-1] >= 3, (width, text, got)  # never a character or two a line
            assert got["right"] <= width, (width, text, got)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"), width  # no sideways scroll
    page.context.close()


HEADED = {
    "seed": "# Warehouse rollout retrospective\n\n## What didn't go well\n- The forklift barcode scanners were paired"
            " with the warehouse Wi-Fi only the night before go-live, so picking stopped for two hours.\n",
    "long-zh": "# 仓储系统复盘\n\n## 需要改进\n\n### 第三阶段上线准备过程中叉车扫码设备与仓库无线网络方面存在的主要问题及改进建议\n"
               "- 叉车扫码枪直到上线前一晚才连上仓库无线网络，拣货停了两个小时。\n",
    "long-en": "# Distribution rollout review\n\n## What didn't go well\n\n### Problems met while preparing the third stage"
               " go-live with the forklift scanners and the warehouse network\n- The forklift barcode scanners joined the"
               " warehouse Wi-Fi the night before go-live, and picking stopped for two hours.\n",
}
# A hit's header in the sidebar: each of its parts whole (none behind "…") and inside the card.
HEADER = """el => { const card = el.closest('.hit').getBoundingClientRect();
  return Array.from(el.children).filter(c => c.offsetParent).map(c => { const b = c.getBoundingClientRect();
    return {cls: c.className, text: c.textContent.trim(), cut: c.scrollWidth > c.clientWidth + 1,
            inside: b.left >= card.left - 1 && b.right <= card.right + 1, width: b.width}; }); }"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_long_heading_and_the_language_badge_wrap_in_the_sidebar(browser, server, settings, tmp_path, lang):  # noqa: F811
    """In the 340 px sidebar a similar lesson's long heading and its "in Chinese" badge ended in "…" (the one-line
    header of search results): there is room below, and a reader wants the whole heading. At 1280 and 390 px, in
    one page loaded again at each width."""
    from ingest import ingest
    from kb.store import Store
    from search import SearchIndex

    folder = tmp_path / "headed"
    folder.mkdir()
    for name, text in HEADED.items():
        (folder / f"{name}.md").write_text(f"---\nid: {name}\nproject: {name}\n---\n{text}", encoding="utf-8")
    with Store(settings.db) as store:
        ingest(store, [folder])
        SearchIndex(store, settings).sync()
    page = open_page(browser, server, lang=lang, width=1280, height=900, timeout=60_000)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{server}/documents/seed")
        headers = page.locator("aside.similar .hit .hit-meta")
        parts = [part for i in range(headers.count()) for part in headers.nth(i).evaluate(HEADER)]
        page.screenshot(path=str(tmp_path.parent / f"sidebar-{lang}-{width}.png"), full_page=True)
        shown = {p["text"] for p in parts}
        assert {"第三阶段上线准备过程中叉车扫码设备与仓库无线网络方面存在的主要问题及改进建议",
                "Problems met while preparing the third stage go-live with the forklift scanners and the warehouse network",
                "in Chinese" if lang == "en" else "中文文档"} <= shown, (width, parts)
        assert not [p for p in parts if p["cut"] or not p["inside"]], (width, parts)
        assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1"), width  # no sideways scroll
    page.context.close()
