"""A curator's actions say what they did: adding, removing and resuming a subscriber, scheduling, holding, drafting
and deleting a share session came back to their page without a word (the new subscriber's row out of sight above
the form); and doing one again from a page left open after another tab did it is said, not a 404 page."""

from __future__ import annotations

import html

import pytest

from kb.store import Store

ADDRESS = "wang.lei@example.com"


def _said(client, response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:300]
    return html.unescape(client.get(response.headers["Location"]).get_data(as_text=True))


@pytest.mark.parametrize("lang, added, removed, gone", [
    ("zh", f"已添加订阅者 {ADDRESS}：下一期周报会发给对方。", f"已移除订阅者 {ADDRESS}：此后不再向其发送周报。",
     f"{ADDRESS} 已不是订阅者。"),
    ("en", f"Subscribed {ADDRESS}: the next digest goes to them.", f"Removed {ADDRESS}: no more digests go to them.",
     f"{ADDRESS} is not a subscriber (any more).")])
def test_adding_and_removing_a_subscriber_say_so(as_curator, lang, added, removed, gone):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    sent = client.post("/curate/subscribers", data={"csrf_token": token, "action": "add", "email": f" {ADDRESS} ",
                                                    "name": "王磊", "language": "zh", "frequency": "weekly"})
    assert added in _said(client, sent)  # as stored: trimmed
    remove = {"csrf_token": token, "action": "remove", "email": ADDRESS}
    assert removed in _said(client, client.post("/curate/subscribers", data=remove))
    page = _said(client, client.post("/curate/subscribers", data=remove))  # the same button, on a page left open
    assert gone in page and 'class="flash error"' in page


def test_resuming_a_paused_subscriber_says_so(settings, as_curator):
    with Store(settings.db) as store:
        store.add_subscriber(ADDRESS)
        store.record_refusals({store.subscriber(ADDRESS)["id"]: "550 no such user"})
    client, token = as_curator
    client.set_cookie("kb_lang", "zh")
    sent = client.post("/curate/subscribers", data={"csrf_token": token, "action": "resume", "email": ADDRESS})
    assert f"已恢复向 {ADDRESS} 发送周报。" in _said(client, sent)


@pytest.mark.parametrize("lang, scheduled, held, draft, deleted, gone", [
    ("zh", "已排期：读者现在可以在“即将举行”中看到它。", "已标记为已举行。", "已退回草稿：读者不再能看到它。",
     "已删除分享会“数据迁移分享会”及其议程。", "这场分享会已不存在（已在另一个标签页中或由其他知识管理员删除）。"),
    ("en", "Scheduled: readers now see it among the upcoming sessions.", "Marked as held.",
     "Back to draft: readers no longer see it.", "Deleted the share session “数据迁移分享会” and its agenda.",
     "That share session no longer exists (it was deleted in another tab or by another curator).")])
def test_a_sessions_status_and_its_deletion_say_so(as_curator, lang, scheduled, held, draft, deleted, gone):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id = client.post("/api/sessions", json={"title": "数据迁移分享会", "scheduled_at": "2026-12-15T14:30"},
                             headers={"X-CSRF-Token": token}).get_json()["id"]
    for status, said in (("scheduled", scheduled), ("held", held), ("draft", draft)):
        sent = client.post(f"/sessions/{session_id}/status", data={"csrf_token": token, "status": status})
        assert said in _said(client, sent)
    delete = {"csrf_token": token}
    assert deleted in _said(client, client.post(f"/sessions/{session_id}/delete", data=delete))
    page = _said(client, client.post(f"/sessions/{session_id}/delete", data=delete))
    assert gone in page and 'class="flash error"' in page


def test_a_tag_added_again_without_javascript_says_so(as_curator):
    client, token = as_curator
    client.set_cookie("kb_lang", "zh")
    lesson_id = client.get("/api/lessons?limit=1").get_json()["items"][0]["id"]
    form = {"csrf_token": token, "target": "lesson", "ref": str(lesson_id), "tag": "数据迁移, 割接",
            "next": f"/lessons/{lesson_id}"}
    first = client.post("/curate/tags/add", data=form)
    assert "已经有标签" not in html.unescape(client.get(first.headers["Location"]).get_data(as_text=True))
    again = client.post("/curate/tags/add", data=form)
    assert "已经有标签“数据迁移”、“割接”，无需再加。" in html.unescape(client.get(again.headers["Location"]).get_data(as_text=True))
