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
from kb.digest.text_lines import columns, wrap
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
    ("en", "6 new lessons, 3 new documents, 1 updated, from 2 projects: ERP, HR."),
    ("zh", "共 6 条新经验，3 篇新文档，1 篇文档有更新，来自 2 个项目：ERP、HR。"),
])
def test_the_preview_line_says_what_is_in_the_digest_in_the_reader_s_language(language, preview):
    _, html, _ = render(full(subscriber(language=language)), base_url=BASE, secret=SECRET)
    assert _preview(html) == preview
    hidden = re.search(r'<div style="display:none;[^"]*">' + re.escape(preview), html)
    assert hidden, "shown in the list, hidden in the mail (it is the glance below the greeting too)"


def test_an_empty_digest_s_preview_line_says_nothing_new():
    _, html, _ = render(empty(subscriber(language="zh")), base_url=BASE, secret=SECRET)
    assert _preview(html) == "本期没有与您关注内容相关的新内容。"


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_plain_text_fits_a_terminal_with_every_link_on_its_own_line(language):
    english = "The vendor delivered the payment interface four weeks late and integration testing was squeezed. " * 3
    chinese = "供应商晚了一个多月才交付接口程序（原计划三月底），测试时间被大幅压缩，上线后问题频发。" * 3
    lessons = Section([{**LESSON, "id": 40 + n, "text": text, "document_title": "智慧仓储WMS上线项目经验教训汇总" * 2}
                       for n, text in enumerate((english, chinese))], 7)
    content = full(subscriber(language=language, name="李娜"), new_lessons=lessons)
    _, html, text = render(content, base_url=BASE, secret=SECRET)
    lines = text.splitlines()
    assert [line for line in lines if columns(line) > 78 and " " in line.strip()] == []  # only a link runs over
    assert [line for line in lines if "http" in line and not re.fullmatch(r" *https?://\S+", line)] == []
    ids = sorted(set(re.findall(r"/lessons/(\d+)", text)))
    assert ids == sorted(set(re.findall(r'/lessons/(\d+)"', html))) and {"40", "41"} <= set(ids)
    assert "(and 7 more in Lessons KB)" in text or "（以及另外 7 条，请在知识库中查看）" in text


@pytest.mark.parametrize(("text", "lines"), [
    ("测试时间被大幅压缩，上线后问题频发。", ["测试时间被大幅压", "缩，上线后问题频", "发。"]),  # "，" never starts a line
    ("原计划完成时间（三月底）", ["原计划完成时间", "（三月底）"]),  # "（" never ends one
    ("the vendor delivered late", ["the vendor", "delivered late"]),
    ("接口（ＡＰＩ）没有人跟进", ["接口", "（ＡＰＩ）", "没有人跟进"]),  # a full-width word is one (was "（ＡＰ", "Ｉ）")
    ("see https://kb.example.org/a/very/long/link now", ["see", "https://kb.example.org/a/very/long/link", "now"]),
])
def test_lines_break_between_words_and_chinese_characters_but_not_at_closing_marks(text, lines):
    assert wrap(text, width=10 if "ＡＰＩ" in text else 16).split("\n") == lines


def test_a_wrapped_item_hangs_under_its_bullet():
    assert wrap("新员工培训材料没有及时更新，导致上线首周大量操作错误。", "* ", "  ", width=24) == (
        "* 新员工培训材料没有及时\n  更新，导致上线首周大量\n  操作错误。")


@pytest.mark.parametrize(("language", "lessons"), [("en", "190 new lessons"), ("zh", "190 条新经验")])
def test_a_phone_s_list_shows_how_much_is_new_in_the_subject(language, lessons):
    """A phone's inbox shows a subject's first ~35 columns (measured in Chromium: 270-330 px of 15 px text): the
    count of new lessons stands within them, the days after ("…周报 11月30日–12月6日：190 …" showed none)."""
    content = full(subscriber(language=language), new_lessons=Section([LESSON], 189))
    subject, _, _ = render(content, base_url=BASE, secret=SECRET)
    assert lessons in subject and columns(subject[:subject.index(lessons) + len(lessons)]) <= 35
