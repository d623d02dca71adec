"""Reject with a reason: a curator hides a lesson from the review queue (one, or many at once) or from its page with
a reason, which its contributor reads on My contributions and curators on the lesson's page; the API takes it too."""

from __future__ import annotations

import html
import re

import pytest

from kb.store import Store
from tests.web.conftest import csrf_of, login

REASON = "这是会议纪要里的待办，不是经验；请写成“做法+结果”"


@pytest.fixture
def recorded(app, settings):
    """A lesson recorded by the contributor pat (its id), and pat's own client."""
    with Store(settings.db) as store:
        store.add_user("pat", "contrib-pass-1", "contributor")
    pat = app.test_client()
    token = csrf_of(pat, "/login")
    pat.post("/login", data={"username": "pat", "password": "contrib-pass-1", "csrf_token": token})
    token = csrf_of(pat)
    response = pat.post("/contribute/record", data={"csrf_token": token, "lesson": "切换当晚新增 200 个物料编码。",
                                                    "project": "ERP系统升级", "kind": "lesson"})
    assert response.status_code == 302
    with Store(settings.db) as store:
        lesson_id = store.scalar("SELECT max(id) FROM lessons WHERE contributed_by = 'pat'")
    return lesson_id, pat


def _hidden_reasons(page: str) -> list[str]:
    block = re.search(r'<div class="hidden-reasons">(.*?)</div>', page, re.DOTALL)
    return [html.unescape(q) for q in re.findall(r"<q>(.*?)</q>", block.group(1))] if block else []


@pytest.mark.parametrize("lang, done, label", [
    ("zh", f"已对读者隐藏 1 条经验，原因：“{REASON}”。", "知识管理员的隐藏原因："),
    ("en", f"Lessons hidden from readers: 1. Reason: “{REASON}”.", "Why a curator hid it: ")])
def test_a_reason_given_in_the_queue_is_read_by_the_contributor(client, recorded, lang, done, label):
    lesson_id, pat = recorded
    token = login(client, "carl")
    client.set_cookie("kb_lang", lang)
    pat.set_cookie("kb_lang", lang)
    assert '<input name="note" required maxlength="500"' in client.get("/review").get_data(as_text=True)
    response = client.post("/review", data={"csrf_token": token, "ids": str(lesson_id), "action": "hide",
                                            "note": f"  {REASON}  ", "next": "/review"})
    assert response.status_code == 302
    assert done in html.unescape(client.get("/review").get_data(as_text=True))
    mine = pat.get("/contribute").get_data(as_text=True)
    assert label in html.unescape(mine) and _hidden_reasons(mine) == [REASON]
    # approved after all: the reason goes, and the contributor no longer reads it
    client.post("/review", data={"csrf_token": token, "ids": str(lesson_id), "action": "approve"})
    assert _hidden_reasons(pat.get("/contribute").get_data(as_text=True)) == []


def test_a_reason_is_escaped_where_it_is_shown(client, recorded):
    lesson_id, pat = recorded
    token = login(client, "carl")
    payload = '<img src=x onerror="alert(1)">'
    client.post("/review", data={"csrf_token": token, "ids": str(lesson_id), "action": "hide", "note": payload})
    for page in (pat.get("/contribute").get_data(as_text=True), client.get(f"/lessons/{lesson_id}").get_data(as_text=True),
                 client.get("/review").get_data(as_text=True)):
        assert "<img src=x" not in page
    assert "&lt;img src=x onerror=" in client.get(f"/lessons/{lesson_id}").get_data(as_text=True)


def test_hiding_many_at_once_gives_each_the_reason_and_hiding_without_one_still_works(client, settings, recorded):
    lesson_id, _ = recorded
    token = login(client, "carl")
    others = [l["id"] for l in client.get("/api/review?limit=3").get_json()["items"] if l["id"] != lesson_id][:2]
    client.post("/review", data={"csrf_token": token, "ids": [str(i) for i in [lesson_id, *others]], "action": "hide",
                                 "note": "重复内容", "tag": ""})
    client.post("/review", data={"csrf_token": token, "ids": str(others[0]), "action": "hide"})  # one click, no reason
    with Store(settings.db) as store:
        assert [store.review_note_of(i) for i in (lesson_id, *others)] == ["重复内容"] * 3  # not taken away
        assert {store.row("SELECT review_status FROM lessons WHERE id = ?", [i])["review_status"]
                for i in (lesson_id, *others)} == {"hidden"}


def test_the_lesson_page_shows_the_reason_and_saves_a_new_one(client, recorded):
    lesson_id, _ = recorded
    token = login(client, "carl")
    client.set_cookie("kb_lang", "zh")
    client.post("/curate/review", data={"csrf_token": token, "lesson_id": lesson_id, "status": "hidden", "note": REASON})
    page = html.unescape(client.get(f"/lessons/{lesson_id}").get_data(as_text=True))
    assert f'<dt>原因</dt><dd class="review-note">{REASON}</dd>' in page
    assert f'value="{REASON}"' in page and ">保存原因</button>" in page
    client.post("/curate/review", data={"csrf_token": token, "lesson_id": lesson_id, "status": "hidden", "note": "太笼统"})
    assert '<dd class="review-note">太笼统</dd>' in client.get(f"/lessons/{lesson_id}").get_data(as_text=True)
    client.post("/curate/review", data={"csrf_token": token, "lesson_id": lesson_id, "status": "unreviewed"})
    page = client.get(f"/lessons/{lesson_id}").get_data(as_text=True)
    assert "review-note" not in page and ">隐藏</button>" in page


def test_the_api_takes_a_reason_and_refuses_one_too_long(client, settings, recorded):
    lesson_id, _ = recorded
    token = login(client, "carl")
    headers = {"X-CSRF-Token": token}
    assert client.post("/api/review", json={"action": "hide", "ids": [lesson_id], "note": "太笼统"},
                       headers=headers).status_code == 200
    too_long = client.post(f"/api/lessons/{lesson_id}/review", json={"status": "hidden", "note": "长" * 501},
                           headers=headers)
    assert too_long.status_code == 400 and "note" in too_long.get_json()["error"]["message"]
    assert client.post(f"/api/lessons/{lesson_id}/review", json={"status": "hidden", "note": "换个说法"},
                       headers=headers).status_code == 200
    with Store(settings.db) as store:
        assert store.review_note_of(lesson_id) == "换个说法"


def _undo_form(page: str) -> tuple[list[int], str] | None:
    """The ids and next of the Undo beside the last verdict's message, if the page offers one."""
    block = re.search(r'<div class="flash verdict" role="status">(.*?)</div>', page, re.DOTALL)
    if not block:
        return None
    ids = [int(i) for i in re.findall(r'name="ids" value="(\d+)"', block.group(1))]
    return ids, html.unescape(re.search(r'name="next" value="([^"]+)"', block.group(1)).group(1))


@pytest.mark.parametrize("lang, undone", [("zh", "已撤销，2 条经验回到队列。"), ("en", "Back in the queue: 2.")])
def test_a_verdict_in_the_queue_can_be_undone_at_once(client, settings, recorded, lang, undone):
    """A misclick on Hide took the lesson out of the queue and out of readers' search, with no way back but its
    own page (if one knew its number)."""
    lesson_id, _ = recorded
    token = login(client, "carl")
    client.set_cookie("kb_lang", lang)
    other = next(l["id"] for l in client.get("/api/review?limit=3").get_json()["items"] if l["id"] != lesson_id)
    client.post("/review", data={"csrf_token": token, "ids": [lesson_id, other], "action": "hide", "note": REASON})
    page = client.get("/review").get_data(as_text=True)
    ids, next_url = _undo_form(page)
    assert ids == [lesson_id, other] and next_url == f"/review#lesson-{lesson_id}"
    assert _undo_form(client.get("/review").get_data(as_text=True)) is None  # said once
    sent = client.post("/review", data={"csrf_token": token, "ids": ids, "action": "undo", "next": next_url})
    assert sent.headers["Location"] == next_url
    page = html.unescape(client.get("/review").get_data(as_text=True))
    assert undone in page and _undo_form(page) is None  # an undo is not undone again
    with Store(settings.db) as store:
        assert [store.row("SELECT review_status FROM lessons WHERE id = ?", [i])["review_status"]
                for i in (lesson_id, other)] == ["unreviewed"] * 2
        assert store.review_note_of(lesson_id) is None  # the reason went with the verdict
    client.post("/review", data={"csrf_token": token, "ids": [other], "action": "tag", "tag": "数据迁移"})
    assert _undo_form(client.get("/review").get_data(as_text=True)) is None  # a tag is no verdict to undo



def _hidden_by_carl(client, settings, lesson_id: int) -> tuple[str, str]:
    """The recorded lesson hidden by carl with REASON: carl's token and the lesson's document key."""
    token = login(client, "carl")
    client.post("/review", data={"csrf_token": token, "ids": str(lesson_id), "action": "hide", "note": REASON})
    with Store(settings.db) as store:
        key = store.row("SELECT d.key FROM lessons l JOIN documents d ON d.id = l.document_id WHERE l.id = ?",
                        [lesson_id])["key"]
    return token, key


@pytest.mark.parametrize("lang, said, text", [
    ("zh", "已保存，并重新提交给知识管理员审核。", "切换当晚新增了 200 个物料编码。"),  # corrected: the same lesson
    ("en", "Saved, and sent back to the curators for review.",  # rewritten: a new lesson in its place
     "切换前冻结主数据变更；切换当晚新增 200 个物料编码，迁移脚本重跑了 3 小时。")])
def test_a_hidden_lesson_corrected_by_its_contributor_goes_back_to_the_queue(client, settings, recorded, lang, said,
                                                                              text):
    """Hidden with a reason ("write it as what was done and what came of it"), corrected as asked: it stayed hidden,
    out of the queue, and no curator would ever look at it again."""
    lesson_id, pat = recorded
    _token, key = _hidden_by_carl(client, settings, lesson_id)
    pat.set_cookie("kb_lang", lang)
    edited = pat.post("/contribute/record", data={"csrf_token": csrf_of(pat), "key": key, "kind": "lesson",
                                                  "project": "ERP系统升级", "lesson": text})
    assert edited.status_code == 302
    assert said in html.unescape(pat.get(edited.headers["Location"]).get_data(as_text=True))
    queued = [row["id"] for row in client.get("/api/review?limit=200").get_json()["items"]]
    with Store(settings.db) as store:
        ids = [l["id"] for l in store.document(key)["lessons"]]
        assert [store.review_note_of(i) for i in ids] == [None]
    assert ids[0] in queued and _hidden_reasons(pat.get("/contribute").get_data(as_text=True)) == []
    assert (ids[0] == lesson_id) == (lang == "zh")  # the corrected one kept its id (its tags, its agenda places)


@pytest.mark.parametrize("lang, contributor_says, curator_says", [
    ("zh", "修改并保存后，它会重新提交给知识管理员审核。", "在此保存不会改变这一点"),
    ("en", "Once you save a correction, it goes back to the curators for review.", "saving it here leaves it hidden")])
def test_the_form_of_a_hidden_recorded_lesson_says_it_is_hidden_and_why(client, settings, recorded, lang,
                                                                          contributor_says, curator_says):
    """The edit form of a hidden lesson said nothing of it: its contributor, correcting it as the curator's reason
    asked, had to remember the reason from My contributions, and read "searchable at once"; a curator was not told
    that saving leaves it hidden."""
    lesson_id, pat = recorded
    token = login(client, "carl")
    with Store(settings.db) as store:
        key = store.row("SELECT d.key FROM lessons l JOIN documents d ON d.id = l.document_id WHERE l.id = ?",
                        [lesson_id])["key"]
    client.set_cookie("kb_lang", lang)
    pat.set_cookie("kb_lang", lang)
    searchable = {"zh": "保存后即可搜索", "en": "It is searchable at once"}[lang]
    form = html.unescape(pat.get("/contribute/record", query_string={"key": key}).get_data(as_text=True))
    assert 'id="hidden-note"' not in form and searchable in form  # not hidden: the form as before
    client.post("/review", data={"csrf_token": token, "ids": str(lesson_id), "action": "hide", "note": REASON})
    for who, says, back in ((pat, contributor_says, "/contribute"), (client, curator_says, "/documents/")):
        form = html.unescape(who.get("/contribute/record", query_string={"key": key}).get_data(as_text=True))
        note = re.search(r'<div class="flash" id="hidden-note">(.*?)</div>', form, re.DOTALL)
        assert note and says in note.group(1) and f"<q>{REASON}</q>" in note.group(1), form
        assert searchable not in form
        # the way back: the contributor's own list, a curator's the lesson (their own list does not hold it)
        assert re.search(r'<p class="crumbs"><a href="([^"]*)"', form).group(1).startswith(back)


def test_the_api_gives_curators_the_reason_and_readers_never_the_hidden_lesson(app, client, recorded):
    lesson_id, _ = recorded
    token = login(client, "carl")
    client.post("/review", data={"csrf_token": token, "ids": str(lesson_id), "action": "hide", "note": REASON})
    shown = client.get(f"/api/lessons/{lesson_id}").get_json()
    assert (shown["review_status"], shown["review_note"]) == ("hidden", REASON)
    reader = app.test_client()
    login(reader, "rita")
    refused = reader.get(f"/api/lessons/{lesson_id}")
    assert refused.status_code == 404 and REASON not in refused.get_data(as_text=True)
    client.post("/review", data={"csrf_token": token, "ids": str(lesson_id), "action": "approve"})
    assert reader.get(f"/api/lessons/{lesson_id}").get_json()["review_note"] is None
    assert client.get(f"/api/lessons/{lesson_id}").get_json()["review_note"] is None  # approved: the reason went


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "已隐藏，但它在尚未举行的分享会“12月供应商分享会 <b>”的议程上：读者在议程中只会看到“已被知识管理员隐藏”。"),
    ("en", "Hidden, and it is on the agenda of “12月供应商分享会 <b>”, not held yet: readers see “hidden by a curator”")])
def test_hiding_a_lesson_on_an_agenda_not_held_yet_says_so(as_curator, lang, said):
    """A curator hid a lesson a scheduled session was to present: nothing was said, and its attendees found
    "(hidden by a curator)" on the agenda; a held session's agenda is history, and says nothing."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    lessons = [l["id"] for l in client.get("/api/lessons?limit=3").get_json()["items"]]
    api = {"X-CSRF-Token": token}
    created = client.post("/api/sessions", json={"title": "12月供应商分享会 <b>", "scheduled_at": "2026-12-20T14:00"},
                          headers=api).get_json()["id"]
    past = client.post("/api/sessions", json={"title": "上季度分享会", "scheduled_at": "2026-09-01T14:00"},
                       headers=api).get_json()["id"]
    for session_id, lesson in ((created, lessons[0]), (past, lessons[0]), (past, lessons[1])):
        client.post(f"/api/sessions/{session_id}/items", json={"lesson_id": lesson}, headers=api)
    client.patch(f"/api/sessions/{past}", json={"status": "held"}, headers=api)
    sent = client.post("/curate/review", data={"csrf_token": token, "lesson_id": lessons[0], "status": "hidden"})
    page = html.unescape(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert said in page and "上季度分享会”的议程" not in page
    queued = client.post("/review", data={"csrf_token": token, "next": "/review", "action": "hide",
                                          "ids": [str(lessons[1])]})
    page = html.unescape(client.get(queued.headers["Location"]).get_data(as_text=True))
    assert "尚未举行的分享会" not in page and "not held yet" not in page  # only on a held session's agenda
    client.post(f"/api/sessions/{created}/items", json={"lesson_id": lessons[2]}, headers=api)
    queued = client.post("/review", data={"csrf_token": token, "next": "/review", "action": "hide",
                                          "ids": [str(lessons[2])]})
    assert said in html.unescape(client.get(queued.headers["Location"]).get_data(as_text=True))  # the queue too


@pytest.mark.parametrize("text", ["切换当晚新增了 200 个物料编码。",  # corrected: the same lesson
                                  "切换前冻结主数据变更；切换当晚新增 200 个物料编码，迁移脚本重跑了 3 小时。"])  # rewritten
def test_a_hidden_recorded_lesson_saved_by_a_curator_stays_hidden_with_its_reason(client, settings, recorded, text):
    """The form tells a curator that saving leaves the lesson hidden (r-review): a rewritten text was stored as a new
    lesson, unreviewed and searchable at once."""
    lesson_id, _pat = recorded
    token, key = _hidden_by_carl(client, settings, lesson_id)
    saved = client.post("/contribute/record", data={"csrf_token": token, "key": key, "kind": "lesson",
                                                    "project": "ERP系统升级", "lesson": text})
    assert saved.status_code == 302
    with Store(settings.db) as store:
        lessons = store.document(key)["lessons"]
        assert [(l["review_status"], store.review_note_of(l["id"])) for l in lessons] == [("hidden", REASON)]
