"""The digest as mail clients read it: the headers they show and sort by, the preview line under the subject, the
plain text in a terminal. Built by hand (no store): tests/digest/test_render.py has the exact texts."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from html.parser import HTMLParser

import pytest

from kb.digest.content import Section
from kb.digest.render import build_message, render
from tests.digest.test_render import BASE, LESSON, SECRET, empty, full, subscriber


def _sent(content):
    raw = build_message(content, base_url=BASE, secret=SECRET, mail_from="PMO <pmo@example.org>").as_bytes()
    return raw, message_from_bytes(raw, policy=policy.default)


@pytest.mark.parametrize(("language", "tag"), [("zh", "zh-CN"), ("en", "en")])
def test_the_mail_has_a_date_and_says_its_language(language, tag):
    before = datetime.now(UTC).replace(microsecond=0)
    _, msg = _sent(full(subscriber(language=language)))
    assert before <= msg["Date"].datetime <= datetime.now(UTC) + timedelta(seconds=1)
    assert msg["Content-Language"] == tag


def test_a_chinese_digest_keeps_every_line_of_the_message_within_the_limit():
    long_zh = "供应商的接口开发交付延期五周，集成测试被迫压缩，" * 12
    lessons = Section([{**LESSON, "id": n, "text": long_zh, "document_title": "仓储系统上线复盘" * 6} for n in range(8)])
    raw, msg = _sent(full(subscriber(language="zh", name="李娜"), new_lessons=lessons))
    body = raw.split(b"\n\n", 1)[1]
    assert max(len(line.rstrip(b"\r")) for line in body.splitlines()) <= 78
    assert "仓储系统上线复盘" * 6 in msg.get_payload()[1].get_content()  # encoded, not cut


class _Text(HTMLParser):
    """The body's text in order, as a mail app takes the preview line from it (hidden text too)."""

    def __init__(self) -> None:
        super().__init__()
        self.in_body, self.parts = False, []

    def handle_starttag(self, tag, attrs):
        self.in_body = self.in_body or tag == "body"

    def handle_data(self, data):
        if self.in_body and data.strip():
            self.parts.append(" ".join(data.split()))


def _preview(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return parser.parts[0].strip("\u034f\u200c\xa0 ")


@pytest.mark.parametrize(("language", "preview"), [
    ("en", "6 new lessons, 4 documents, from 2 projects: ERP, HR."),
    ("zh", "共 6 条新经验，4 篇文档，来自 2 个项目：ERP、HR。"),
])
def test_the_preview_line_says_what_is_in_the_digest_in_the_reader_s_language(language, preview):
    _, html, _ = render(full(subscriber(language=language)), base_url=BASE, secret=SECRET)
    assert _preview(html) == preview
    hidden = re.search(r'<div style="display:none;[^"]*">' + re.escape(preview), html)
    assert hidden, "shown in the list, hidden in the mail (it is the glance below the greeting too)"


def test_an_empty_digest_s_preview_line_says_nothing_new():
    _, html, _ = render(empty(subscriber(language="zh")), base_url=BASE, secret=SECRET)
    assert _preview(html) == "本期没有与您关注内容相关的新内容。"
