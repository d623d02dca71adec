"""The tag history reads as a table: headers, readable times, actions in the page's language, links to what was
tagged; every stored time on a page is a <time> with a readable text, never a raw ISO string."""

from __future__ import annotations

import re

import pytest

from tests.web.conftest import login
from web.times import when

RAW_ISO = re.compile(r">\s*\d{4}-\d\d-\d\dT\d\d:\d\d")  # an ISO time as a page's text


def test_when_reads_utc_times_and_leaves_wall_clock_times():
    assert when("2026-12-02T20:34:05+00:00") == ('<time class="js-local" datetime="2026-12-02T20:34:05+00:00">'
                                                 "2026-12-02 20:34 UTC</time>")
    assert when("2026-12-10T14:00") == '<time datetime="2026-12-10T14:00">2026-12-10 14:00</time>'
    assert when("<b>not a time</b>") == "&lt;b&gt;not a time&lt;/b&gt;"
    assert when(None) == ""


@pytest.mark.parametrize(("lang", "words"), [("zh", ["时间", "操作人", "添加", "移除", "重命名", "合并"]),
                                             ("en", ["When", "Who", "Added", "Removed", "Renamed", "Merged"])])
def test_tag_history_has_headers_readable_times_translated_actions_and_links(client, lang, words):
    client.set_cookie("kb_lang", lang)
    token = login(client, "carl")
    lesson_id = int(re.search(r"/lessons/(\d+)", client.get("/documents/erp/retro").get_data(as_text=True)).group(1))
    for data in ({"target": "document", "ref": "erp/retro", "tag": "接口"},
                 {"target": "lesson", "ref": str(lesson_id), "tag": "关键人员"},
                 {"target": "document", "ref": "mes/pm", "tag": "scrap"}):
        assert client.post("/curate/tags/add", data={"csrf_token": token, **data}).status_code == 302
    client.post("/curate/tags/remove", data={"csrf_token": token, "target": "document", "ref": "mes/pm", "tag": "scrap"})
    client.post("/curate/tags/rename", data={"csrf_token": token, "old": "接口", "new": "接口管理"})
    client.post("/curate/tags/merge", data={"csrf_token": token, "sources": "关键人员", "into": "接口管理"})
    body = client.get("/tags").get_data(as_text=True)
    history = body[body.index('<table class="history">'):]
    history = history[:history.index("</table>")]
    assert "<thead>" in history and all(f">{w}<" in history for w in words)
    assert not RAW_ISO.search(history) and re.search(r'<time class="js-local" datetime="[^"]+">\d{4}-\d\d-\d\d \d\d:\d\d UTC',
                                                     history)
    assert f'href="/lessons/{lesson_id}"' in history
    assert 'href="/documents/erp/retro">ERP升级一期复盘</a>' in history
    assert "lesson:" not in history and ">erp/retro<" not in history  # links, not raw keys


def test_review_and_session_times_are_readable(client):
    token = login(client, "carl")
    lesson_id = int(re.search(r"/lessons/(\d+)", client.get("/documents/erp/retro").get_data(as_text=True)).group(1))
    client.post("/curate/review", data={"csrf_token": token, "lesson_id": lesson_id, "status": "approved"})
    lesson = client.get(f"/lessons/{lesson_id}").get_data(as_text=True)
    assert '<time class="js-local"' in lesson and not RAW_ISO.search(lesson)
    created = client.post("/sessions", data={"csrf_token": token, "title": "Q4", "scheduled_at": "2030-12-10T14:00"})
    session = client.get(created.headers["Location"]).get_data(as_text=True)
    listing = client.get("/sessions").get_data(as_text=True)
    for page in (session, listing):
        assert ">2030-12-10 14:00</time>" in page and not RAW_ISO.search(page)
