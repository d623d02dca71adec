"""The digest as mail clients read it: the headers they show and sort by, the preview line under the subject, the
plain text in a terminal. Built by hand (no store): tests/digest/test_render.py has the exact texts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest

from kb.digest.content import Section
from kb.digest.render import build_message
from tests.digest.test_render import BASE, LESSON, SECRET, full, subscriber


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
