"""A digest of documents filed under no project (most of a PMO's real 复盘 and 周报 say none): the project's place is
left out with its separator, never shown as a separator with nothing before it ("· 数据中台建设项目双周状态报告")."""

from __future__ import annotations

import re

from kb.digest.content import Section
from kb.digest.render import render
from tests.digest.test_render import BASE, SECRET, full, subscriber

LESSON = {"id": 21, "kind": "went_wrong", "text": "测试环境上线前一周才准备好", "document_key": "周报/第3周.docx",
          "document_title": "项目周报-0523", "project": None, "date": "2026-11-20"}


def _unfiled(lang: str) -> tuple[str, str]:
    past = {"lesson_id": 3, "project": None, "document_title": "酒店预订系统复盘", "text": "没有重视测试环境的搭建"}
    content = full(subscriber(language=lang), new_documents=Section([{"key": "周报/第3周.docx", "title": "项目周报-0523",
                                                                     "project": None, "date": "2026-11-20"}]),
                   new_lessons=Section([LESSON]), recurring=Section([{**LESSON, "past": [past], "past_count": 1}]))
    _, html, text = render(content, base_url=BASE, secret=SECRET)
    return html, text


def test_a_document_of_no_project_has_no_separator_before_its_title():
    for lang in ("zh", "en"):
        html, text = _unfiled(lang)
        assert re.findall(r"(?:^|[>\s])· (?:<a [^>]*>)?(?:酒店预订系统复盘|项目周报-0523)", html) == []
        assert re.findall(r"^\s*(?:- )?· ", text, re.MULTILINE) == []
        assert re.search(r"\n  项目周报-0523\n  http", text)  # the recurring problem's source line
        assert "  - 酒店预订系统复盘" in text
        assert '<span class="mu" style="font-size:14px;color:#5f6b7a;">2026-11-20</span>' in html  # the new document's date alone


def test_a_document_of_a_project_keeps_it_before_its_title():
    _, html, text = render(full(subscriber(language="zh")), base_url=BASE, secret=SECRET)
    assert "CRM · CRM retro" in html and "  - CRM · CRM retro" in text
    assert re.search(r"\n  ERP · ERP & retro\n  http", text)
    assert "ERP · 2026-11-20</span>" in html
