"""A project manager on a phone, in Chinese and English: corrects a lesson register's rows before publishing it, and
later meets, on a document's Edit page, a correction that no longer matches any lesson of its file (the file was read
again by new rules), and forgets it."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from ingest import ingest
from kb.store import Store
from tests.web.test_browser import browser, kept, server, tab  # noqa: F401 (fixtures; importing skips without Chromium)

pytestmark = pytest.mark.slow

REGISTER = {
    "zh": (("编号,经验教训,类别\nJY-1,吊装前一个月预订吊车：需要的那一周堆场没有空闲吊车。,lesson\n"
            "JY-2,钢材下单前冻结范围；每次后期变更都让加工多花两周。,lesson\nJY-3,负责人：张工（现场经理）,lesson\n"),
           "改进建议", "请在文件中添加行后重新上传"),
    "en": (("id,lesson,kind\nLR-1,Book the cranes a month ahead of the lift.,lesson\n"
            "LR-2,Freeze the scope before the steel order.,lesson\nLR-3,Owner: J. Smith (site manager),lesson\n"),
           "Recommendation", "add rows to the file and upload it again"),
}
RETRO = {
    "zh": "# 仓库搬迁复盘\n\n## 教训\n- 搬迁前没有清点库存，导致账实不符。\n- 叉车外包商要在租约签署前预订。\n",
    "en": "# Warehouse retro\n\n## Lessons learned\n- Count the stock before the move.\n- Book the forklifts early.\n",
}


def _upload(page, url, name, data, project):
    page.goto(url + "/contribute/upload")
    page.fill("input[name=project]", project)
    page.set_input_files("#files", files=[{"name": name, "mimeType": "text/plain", "buffer": data.encode()}])
    page.click("#upload-button")
    page.wait_for_selector("section.upload[data-status=ready]")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_registers_rows_are_corrected_on_a_phone_before_publishing(server, tab, contributor, settings, lang):  # noqa: F811
    text, kind, says = REGISTER[lang]
    page = tab(lang, width=390, height=844, user=contributor[0])
    _upload(page, server, "register.csv", text, "Depot")
    rows = page.locator("li.read-lesson")
    assert rows.count() == 3 and says in page.inner_text("section.upload")
    assert page.locator("textarea[name=added-text]").count() == 0  # rows come from the file
    rows.nth(1).locator("select").select_option(label=kind)
    junk = rows.nth(2)
    junk.locator(".drop input").check()
    assert "line-through" in junk.locator(".lesson-text").evaluate("p => getComputedStyle(p).textDecorationLine")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("section.upload button.publish")
    page.wait_for_url(server + "/contribute")
    with Store(settings.db) as store:
        stored = store.rows("SELECT d.key, l.kind FROM documents d LEFT JOIN lessons l ON l.document_id = d.id"
                            " WHERE d.key LIKE 'Depot/register.csv#%' ORDER BY d.key")
    assert [r["kind"] for r in stored] == ["lesson", "recommendation", None]  # the third row: no lesson


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_correction_that_matches_no_lesson_after_a_re_read_is_forgotten_on_the_edit_page(
        server, tab, contributor, settings, lang):  # noqa: F811
    page = tab(lang, width=390, height=844, user=contributor[0])
    _upload(page, server, "retro.md", RETRO[lang], "仓库搬迁")
    page.click("section.upload button.publish")
    page.wait_for_selector("article.document h1")
    key = "仓库搬迁/retro.md"
    with Store(settings.db) as store:  # a correction made on a lesson an earlier reading gave, then read again
        store.set_overrides([key], {"lessons": {"changed": [{"text": "一条后来的规则不再读到的经验", "drop": True}],
                                                "added": []}}, actor="pat")
        ingest(store, [settings.db.parent / "uploads" / "仓库搬迁" / "retro.md"])
    page.goto(server + "/contribute")
    page.click("table.contributions .unmatched-note a")
    page.wait_for_selector("#unmatched")
    item = page.locator(".unmatched-correction")
    box, label = item.locator("input[type=checkbox]").bounding_box(), item.locator("label").bounding_box()
    assert item.count() == 1 and box["y"] < label["y"] + label["height"] and box["x"] < 390
    assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 6  # the box beside its words
    item.locator("input[type=checkbox]").check()
    assert "line-through" in item.locator(".lesson-text").evaluate("p => getComputedStyle(p).textDecorationLine")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.click("#metadata-form button[type=submit]")
    page.wait_for_selector("article.document h1")
    page.goto(server + "/contribute/metadata?key=" + quote(key))
    assert page.locator("#unmatched").count() == 0
