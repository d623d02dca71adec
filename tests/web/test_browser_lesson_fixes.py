"""A project manager, on a phone, corrects the lessons read from their retrospective before publishing it: a kind
changed, a junk lesson struck out, a text edited, a missed lesson added — in Chinese and in English."""

from __future__ import annotations

import pytest

from tests.web.browsing import logged_in_page
from tests.web.test_browser import browser, server  # noqa: F401 (fixtures; importing skips without Chromium)

pytestmark = pytest.mark.slow

CASES = {
    "zh": {"text": ("# 测试回顾\n\n## 教训\n- 没有按照功能分工，导致测试互相关联的部分不能顺利串起来。\n"
                    "- 会议在 Music Bar 举行，全体成员参加，由张三记录。\n\n## 经验\n"
                    "- 数据库操作等代码可以多写泛型的、较为抽象的方法，可以提高代码质量。\n"),
           "kind": "根本原因", "edited": "数据库操作多写泛型方法。", "added": "打包在截止前两天演练一次。"},
    "en": {"text": ("# Sprint 2 retrospective\n\n## What went wrong\n- Integration began too late, so CORS and JWT "
                    "issues were found mid-phase.\n- Project period: 16 February 2026 to 10 April 2026, six weeks.\n\n"
                    "## Lessons learned\n- Test every auth flow end to end before moving on to feature work.\n"),
           "kind": "Root cause", "edited": "Test every auth flow end to end first.",
           "added": "Deploy a hello-world in week 1."},
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_lessons_are_corrected_on_a_phone_before_publishing(server, browser, contributor, lang):  # noqa: F811
    case = CASES[lang]
    page = logged_in_page(browser, server, contributor[0], lang=lang, width=390, height=844)
    try:
        page.goto(server + "/contribute/upload")
        page.set_input_files("#files", files=[{"name": "retro.md", "mimeType": "text/markdown",
                                              "buffer": case["text"].encode()}])
        page.click("#upload-button")
        page.wait_for_selector("section.upload[data-status=ready]")
        lessons = page.locator("li.read-lesson")
        assert lessons.count() == 3
        lessons.nth(0).locator("select").select_option(label=case["kind"])
        junk = lessons.nth(1)
        junk.locator(".drop input").check()
        assert "line-through" in junk.locator(".lesson-text").evaluate("p => getComputedStyle(p).textDecorationLine")
        lessons.nth(2).locator(".edit-text summary").click()
        lessons.nth(2).locator("textarea").fill(case["edited"])
        page.fill("textarea[name=added-text]", case["added"])
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
        page.fill("section.upload .publish-form input[name=project]", "仓库搬迁")  # the file names none: required
        page.click("section.upload button.publish")
        page.wait_for_selector("article.document h1")
        stored = page.locator("#lessons li.lesson-item")
        assert stored.count() == 3  # the junk lesson left out
        shown = page.inner_text("#lessons")
        assert case["kind"] in shown and case["edited"] in shown and case["added"] in shown
        assert "Music Bar" not in shown and "Project period" not in shown
    finally:
        page.context.close()
