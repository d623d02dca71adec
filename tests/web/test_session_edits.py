"""A share session's details form saved after the session changed elsewhere (another tab, another curator): the
other change is kept, or, where both changed the same field, nothing is saved and the form says so."""

from __future__ import annotations

import html
import re

import pytest

from web import session_edits


def _session(client, token, **fields):
    created = client.post("/api/sessions", json={"title": "12月经验分享会", "scheduled_at": "2026-12-10T14:30",
                                                 "location": "3楼大会议室", "presenters": ["王磊", "林晓燕"], **fields},
                          headers={"X-CSRF-Token": token})
    return created.get_json()["id"]


def _opened(client, session_id) -> dict[str, str]:
    """The details form as a tab holds it: every field with the value the page gave it."""
    return _opened_from(client.get(f"/sessions/{session_id}").get_data(as_text=True))


def _save(client, session_id, form, **changes):
    return client.post(f"/sessions/{session_id}/edit", data={**form, **changes})


def _stored(client, session_id):
    return client.get(f"/api/sessions/{session_id}").get_json()


@pytest.mark.parametrize("lang, kept", [("zh", "已保存。其间在别处修改的内容已保留：地点（现为“5楼培训室”）。"),
                                        ("en", "Saved. Changed elsewhere meanwhile and kept: Location (now “5楼培训室”).")])
def test_saving_a_stale_form_keeps_what_another_tab_changed(as_curator, lang, kept):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id = _session(client, token)
    tab_a, tab_b = _opened(client, session_id), _opened(client, session_id)
    assert tab_a["csrf_token"] == token and tab_a["base"]
    assert _save(client, session_id, tab_b, location="5楼培训室").status_code == 302
    saved = _save(client, session_id, tab_a, title="12月经验分享会（修订）")
    assert saved.status_code == 302
    stored = _stored(client, session_id)
    assert (stored["title"], stored["location"]) == ("12月经验分享会（修订）", "5楼培训室")  # it was 3楼大会议室 again
    assert stored["presenters"] == ["王磊", "林晓燕"] and stored["scheduled_at"] == "2026-12-10T14:30"
    assert kept in client.get(saved.headers["Location"]).get_data(as_text=True)


@pytest.mark.parametrize("lang, said", [
    ("zh", "未保存：打开这个表单之后，这场分享会已在别处（另一个标签页或其他知识管理员）修改：地点（现为“5楼培训室”）。"),
    ("en", ("Not saved: since this form was opened, the session was changed elsewhere (in another tab or by another "
           "curator): Location (now “5楼培训室”)."))])
def test_the_same_field_changed_in_two_tabs_is_a_conflict_said_with_the_form_as_typed(as_curator, lang, said):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id = _session(client, token)
    tab_a, tab_b = _opened(client, session_id), _opened(client, session_id)
    _save(client, session_id, tab_b, location="5楼培训室", audience="全体项目经理")
    refused = _save(client, session_id, tab_a, location="2楼小会议室", title="新标题")
    assert refused.status_code == 303  # post/redirect/get: a reload asks the server again, sends nothing
    assert _stored(client, session_id)["location"] == "5楼培训室" and _stored(client, session_id)["title"] == "12月经验分享会"
    body = client.get(refused.headers["Location"]).get_data(as_text=True)
    assert said in html.unescape(body)
    again = _opened_from(body)
    # what this tab typed, and the rest as it is now: the audience set in the other tab is not taken away
    assert (again["location"], again["title"], again["audience"]) == ("2楼小会议室", "新标题", "全体项目经理")
    assert _save(client, session_id, again).status_code == 302  # saved again, knowingly: this tab's values win
    stored = _stored(client, session_id)
    assert (stored["location"], stored["title"], stored["audience"]) == ("2楼小会议室", "新标题", "全体项目经理")


def _opened_from(page: str) -> dict[str, str]:
    """The details form of a page, its fields as they are filled in."""
    card = re.search(r'id="session-details">(.*?)</section>', page, re.DOTALL).group(1)
    form = re.search(r'<form method="post" action="[^"]*/edit" class="stack"[^>]*>(.*?)</form>', card, re.DOTALL).group(1)
    inputs = re.finditer(r'<input[^>]* name="(\w+)"[^>]* value="([^"]*)"', form)
    fields = {m.group(1): html.unescape(m.group(2)) for m in inputs}
    text = re.search(r'name="description"[^>]*>(.*?)</textarea>', form, re.DOTALL).group(1)
    fields["description"] = html.unescape(text)
    return fields


def test_a_field_cleared_in_the_form_is_cleared_and_one_left_alone_is_not_written(as_curator):
    client, token = as_curator
    session_id = _session(client, token, description="第一行\n第二行")
    tab_a, tab_b = _opened(client, session_id), _opened(client, session_id)
    tab_a["description"] = tab_a["description"].replace("\n", "\r\n")  # as a browser sends a textarea
    _save(client, session_id, tab_b, description="改过的说明")
    assert _save(client, session_id, tab_a, location="").status_code == 302
    stored = _stored(client, session_id)
    assert stored["location"] is None and stored["description"] == "改过的说明"


def test_a_form_without_its_digest_writes_every_field_as_before(as_curator):
    """A script or a page from before this change sends no ``base``: what it sends is written, as it always was."""
    client, token = as_curator
    session_id = _session(client, token)
    form = _opened(client, session_id)
    _save(client, session_id, form, location="5楼培训室")
    del form["base"]
    assert _save(client, session_id, form).status_code == 302
    assert _stored(client, session_id)["location"] == "3楼大会议室"


@pytest.mark.parametrize("typed, now, conflicts", [
    ({"presenters": "王磊，林晓燕"}, {"presenters": "王磊、林晓燕"}, []),  # the same names, another comma
    ({"scheduled_at": "2026-12-10T14:30"}, {"scheduled_at": "2026-12-10 14:30"}, []),
    ({"location": "A"}, {"location": "A"}, []),  # both made the same change: no conflict
    ({"location": "A"}, {"location": "B"}, ["location"]),
])
def test_merge_compares_fields_as_the_store_keeps_them(typed, now, conflicts):
    was = {name: "" for name in session_edits.FIELDS} | {"presenters": "王磊", "scheduled_at": "2026-12-01 09:00"}
    merged = session_edits.merge(typed, session_edits.base(was), was | now)
    assert merged.conflicts == conflicts


def _with_items(client, token, n=2):
    session_id = _session(client, token)
    for lesson in [l["id"] for l in client.get("/api/lessons?limit=5").get_json()["items"]][:n]:
        client.post(f"/api/sessions/{session_id}/items", json={"lesson_id": lesson}, headers={"X-CSRF-Token": token})
    return session_id, [i["id"] for i in _stored(client, session_id)["items"]]


@pytest.mark.parametrize("lang, gone, unsaved", [
    ("zh", "这个议程项已不在议程中（已在另一个标签页中或由其他知识管理员移除），未做任何修改。",
     "未保存的内容（照你填写的）：王磊 / 重点讲三轮演练"),
    ("en", ("This item is no longer on the agenda (it was removed in another tab or by another curator); nothing was "
           "changed."), "Not saved, as you typed it: 王磊 / 重点讲三轮演练")])
def test_a_note_saved_on_an_item_removed_in_another_tab_says_so_and_quotes_it(as_curator, lang, gone, unsaved):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, (first, second) = _with_items(client, token)
    client.post(f"/sessions/{session_id}/items/{first}/remove", data={"csrf_token": token})  # the other tab
    sent = client.post(f"/sessions/{session_id}/items/{first}", data={
        "csrf_token": token, "presenter": "王磊", "note": "重点讲三轮演练", "minutes": "", "starts_at": "",
        "duration_minutes": ""})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/sessions/{session_id}#agenda")
    page = html.unescape(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert gone in page and unsaved in page
    assert [i["id"] for i in _stored(client, session_id)["items"]] == [second]


@pytest.mark.parametrize("action", ["remove", "move"])
def test_moving_or_removing_an_item_already_removed_goes_back_to_the_agenda(as_curator, action):
    client, token = as_curator
    session_id, (first, _second) = _with_items(client, token)
    client.post(f"/sessions/{session_id}/items/{first}/remove", data={"csrf_token": token})
    sent = client.post(f"/sessions/{session_id}/items/{first}/{action}", data={"csrf_token": token, "direction": "down"})
    assert sent.status_code == 302
    page = html.unescape(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert "这个议程项已不在议程中" in page or "This item is no longer on the agenda" in page
    assert "未保存的内容" not in page and "Not saved" not in page  # nothing was typed


def test_an_item_of_a_deleted_session_goes_back_to_the_sessions_and_a_script_still_gets_404(as_curator):
    client, token = as_curator
    client.set_cookie("kb_lang", "zh")
    session_id, (first, _) = _with_items(client, token)
    client.post(f"/sessions/{session_id}/delete", data={"csrf_token": token})
    sent = client.post(f"/sessions/{session_id}/items/{first}", data={"csrf_token": token, "note": "x"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/sessions")
    assert "这场分享会已不存在" in html.unescape(client.get("/sessions").get_data(as_text=True))
    scripted = client.post(f"/sessions/{session_id}/items/{first}/move", data={"direction": "up"},
                           headers={"X-CSRF-Token": token, "X-Requested-With": "fetch", "Accept": "application/json"})
    assert scripted.status_code == 404


def _item_form(page: str, item_id: int) -> dict[str, str]:
    """An agenda item's form of a page, its fields as they are filled in (and ``open``: whether it shows open)."""
    item = re.search(rf'<li class="agenda-item" id="item-{item_id}"(.*?)</li>', page, re.DOTALL).group(1)
    form = re.search(r'<form method="post" action="[^"]*/items/\d+" class="item-notes"[^>]*>(.*?)</form>', item,
                     re.DOTALL).group(1)
    fields = {m.group(1): html.unescape(m.group(2))
              for m in re.finditer(r'<input[^>]* name="(\w+)"[^>]* value="([^"]*)"', form)}
    fields["minutes"] = html.unescape(re.search(r'name="minutes"[^>]*>(.*?)</textarea>', form, re.DOTALL).group(1))
    fields["open"] = "open" if re.search(r'<details class="item-edit" open>', item) else ""
    return fields


def _save_item(client, session_id, item_id, form, **changes):
    data = {k: v for k, v in {**form, **changes}.items() if k != "open"}
    return client.post(f"/sessions/{session_id}/items/{item_id}", data=data)


def test_an_item_saved_from_a_stale_form_keeps_the_presenter_another_curator_set(as_curator):
    """Curator B sets an item's presenter; curator A, whose form was open, adds a note and saves: the presenter was
    put back to A's old value, without a word."""
    client, token = as_curator
    client.set_cookie("kb_lang", "zh")
    session_id, (first, _) = _with_items(client, token)
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    tab_a, tab_b = _item_form(page, first), _item_form(page, first)
    assert tab_a["base"]
    assert _save_item(client, session_id, first, tab_b, presenter="Sophie Lim").status_code == 302
    saved = _save_item(client, session_id, first, tab_a, note="重点讲分批交付条款")
    assert saved.status_code == 302
    item = _stored(client, session_id)["items"][0]
    assert (item["presenter"], item["note"]) == ("Sophie Lim", "重点讲分批交付条款")
    assert "其间在别处修改的内容已保留：分享人（现为“Sophie Lim”）" in html.unescape(
        client.get(saved.headers["Location"]).get_data(as_text=True))
    # both changed the presenter: nothing saved, said, A's form open as A typed it
    refused = _save_item(client, session_id, first, tab_a, presenter="王磊", minutes="纪要第一段")
    assert refused.status_code == 303 and refused.headers["Location"] == f"/sessions/{session_id}"
    shown = client.get(refused.headers["Location"]).get_data(as_text=True)
    said = html.unescape(shown)
    assert "未保存：打开这个表单之后，这一议程项已在别处（另一个标签页或其他知识管理员）修改：分享人（现为“Sophie Lim”）" in said
    again = _item_form(shown, first)
    assert (again["presenter"], again["minutes"], again["note"], again["open"]) == (
        "王磊", "纪要第一段", "重点讲分批交付条款", "open")
    assert _stored(client, session_id)["items"][0]["presenter"] == "Sophie Lim"
    assert _save_item(client, session_id, first, again).status_code == 302  # saved again, knowingly
    assert _stored(client, session_id)["items"][0]["presenter"] == "王磊"


@pytest.mark.parametrize("lang, said", [("zh", "开始时间：“25:70”不是有效的时刻"), ("en", "Starts at: '25:70' is not")])
def test_a_wrong_start_time_keeps_the_minutes_typed_beside_it(as_curator, lang, said):
    """A wrong start time was said on the page it redirected to, whose form (closed) held the stored values: the
    minutes typed were gone."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, (first, _) = _with_items(client, token)
    form = _item_form(client.get(f"/sessions/{session_id}").get_data(as_text=True), first)
    sent = _save_item(client, session_id, first, form, starts_at="25:70", minutes="法务同意下周给出分批交付条款模板。")
    assert sent.status_code == 303  # post/redirect/get: a reload of the page shown asks the server again, sends nothing
    body = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert said in html.unescape(body)
    again = _item_form(body, first)
    assert (again["starts_at"], again["minutes"], again["open"]) == ("25:70", "法务同意下周给出分批交付条款模板。", "open")
    assert _stored(client, session_id)["items"][0]["minutes"] is None
    # the reload: the page as stored, the form closed, the message said once
    reloaded = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert said not in html.unescape(reloaded) and _item_form(reloaded, first)["open"] == ""


def test_a_kept_item_form_waits_for_its_own_sessions_page(as_curator):
    """The refused item form kept in the cookie session was taken by any session page's GET (another tab's, another
    session's) and by a POST's error page, and thrown away there: it waits for the GET of its own session's page."""
    client, token = as_curator
    client.set_cookie("kb_lang", "en")
    session_id, (first, _) = _with_items(client, token)
    other = _session(client, token, title="另一场分享会")
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    form, details, others = _item_form(page, first), _opened_from(page), _opened(client, other)
    sent = _save_item(client, session_id, first, form, starts_at="25:70", minutes="法务下周给出条款模板。")
    assert sent.status_code == 303
    assert "法务下周" not in client.get(f"/sessions/{other}").get_data(as_text=True)  # another session's page
    assert _save(client, other, others, title="").status_code == 303  # another session's form refused, kept too
    refused = _save(client, session_id, details, title="")  # its own session's details refused: kept beside it
    assert refused.status_code == 303 and "aria-invalid" not in client.get("/sessions").get_data(as_text=True)
    shown = client.get(sent.headers["Location"]).get_data(as_text=True)
    again = _item_form(shown, first)
    assert (again["starts_at"], again["minutes"], again["open"]) == ("25:70", "法务下周给出条款模板。", "open")
    assert _opened_from(shown)["title"] == "" and 'name="title" required maxlength="200" value="" autofocus aria-invalid' in shown
    assert _item_form(client.get(sent.headers["Location"]).get_data(as_text=True), first)["open"] == ""  # once
    assert 'aria-invalid' in client.get(f"/sessions/{other}").get_data(as_text=True)  # the other's waited for it


def test_a_wrong_item_form_too_long_for_a_cookie_is_answered_on_its_own_page(as_curator):
    """Minutes of thousands of characters beside a wrong length do not fit in the cookie session (a browser drops
    a cookie past 4 KB, and the login with it): the page answering the POST shows them, as typed."""
    client, token = as_curator
    session_id, (first, _) = _with_items(client, token)
    form = _item_form(client.get(f"/sessions/{session_id}").get_data(as_text=True), first)
    minutes = "".join(chr(0x4E00 + i * 7919 % 20000) for i in range(3000))  # 9 KB that zlib cannot shrink much
    sent = _save_item(client, session_id, first, form, duration_minutes="0", minutes=minutes)
    assert sent.status_code == 400
    again = _item_form(sent.get_data(as_text=True), first)
    assert (again["duration_minutes"], again["minutes"], again["open"]) == ("0", minutes, "open")
    cookie = client.get_cookie("kb_session")
    assert cookie is not None and len(cookie.value) < 4000  # nothing of it went into the cookie


def test_an_agenda_dragged_on_a_page_left_open_keeps_what_another_curator_changed(as_curator):
    """Curator B added a lesson and removed one; curator A, on the page opened before, dragged an item: the order sent
    named the removed item and not the new one, was refused whole, and A's page reloaded without a word."""
    client, token = as_curator
    session_id, (first, second) = _with_items(client, token, n=2)
    extra = [l["id"] for l in client.get("/api/lessons?limit=5").get_json()["items"]][3]
    client.post(f"/api/sessions/{session_id}/items", json={"lesson_id": extra}, headers={"X-CSRF-Token": token})
    added = _stored(client, session_id)["items"][-1]["id"]
    client.post(f"/sessions/{session_id}/items/{first}/remove", data={"csrf_token": token})  # B, meanwhile
    sent = client.post(f"/sessions/{session_id}/order", data={"csrf_token": token, "order": f"{second},{first}"},
                       headers={"X-Requested-With": "fetch", "Accept": "application/json"})
    assert sent.status_code == 200 and sent.get_json()["order"] == [second, added]
    assert [i["id"] for i in _stored(client, session_id)["items"]] == [second, added]
    order = client.post(f"/sessions/{session_id}/order", data={"csrf_token": token, "order": f"{added},{second}"})
    assert order.status_code == 302 and [i["id"] for i in _stored(client, session_id)["items"]] == [added, second]


@pytest.mark.parametrize(("sent", "now", "order"), [
    ([2, 1], [1, 2], [2, 1]),
    ([2, 1], [1, 2, 3], [2, 1, 3]),  # 3 added since: at the end, where adding put it
    ([2, 1], [3, 1, 2], [2, 1, 3]),
    ([3, 2, 1], [1, 2], [2, 1]),  # 3 removed
    ([2, 2, 1], [1, 2], [2, 1]),
])
def test_an_order_sent_is_fitted_to_the_agenda_now(sent, now, order):
    from web.views.sessions import _with_changes_meanwhile

    assert _with_changes_meanwhile(sent, now) == order


@pytest.mark.parametrize(("lang", "gone", "unsaved"), [
    ("zh", "这场分享会已不存在（已在另一个标签页中或由其他知识管理员删除）。",
     "未保存的内容（照你填写的）：5楼培训室 / 花了十分钟写的说明"),
    ("en", "That share session no longer exists (it was deleted in another tab or by another curator).",
     "Not saved, as you typed it: 5楼培训室 / 花了十分钟写的说明")])
def test_details_saved_on_a_session_deleted_meanwhile_say_so_and_quote_what_was_typed(as_curator, lang, gone, unsaved):
    """Curator B deleted the session while A wrote its description: A's Save led to a bare 404 page, the text lost."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id = _session(client, token)
    form = _opened(client, session_id)
    client.post(f"/sessions/{session_id}/delete", data={"csrf_token": token})  # the other curator
    sent = _save(client, session_id, form, location="5楼培训室", description="花了十分钟写的说明")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/sessions")
    page = html.unescape(client.get(sent.headers["Location"]).get_data(as_text=True))
    assert gone in page and unsaved in page and "12月经验分享会 /" not in page  # only what was changed
    scripted = client.post(f"/sessions/{session_id}/edit", data={"title": "x"},
                           headers={"X-CSRF-Token": token, "X-Requested-With": "fetch", "Accept": "application/json"})
    assert scripted.status_code == 404


@pytest.mark.parametrize(("lang", "said"), [
    ("zh", "这场分享会已不存在（已在另一个标签页中或由其他知识管理员删除）：请刷新页面后选择其他分享会"),
    ("en", ("That share session no longer exists (it was deleted in another tab or by another curator): reload the "
            "page and choose another"))])
def test_adding_to_a_session_deleted_meanwhile_says_so_in_place_and_without_javascript(as_curator, lang, said):
    """Search results offered a session another curator deleted since: "Add" said 没有编号为 2 的经验分享会."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id = _session(client, token)
    lesson = client.get("/api/lessons?limit=1").get_json()["items"][0]["id"]
    client.post(f"/sessions/{session_id}/delete", data={"csrf_token": token})
    scripted = client.post("/sessions/items", data={"csrf_token": token, "session_id": session_id, "lesson_id": lesson},
                           headers={"X-Requested-With": "fetch", "Accept": "application/json"})
    assert scripted.status_code == 404 and scripted.get_json()["error"]["message"] == said
    plain = client.post("/sessions/items", data={"csrf_token": token, "session_id": session_id, "lesson_id": lesson,
                                                 "next": "/?q=vendor"})
    assert plain.status_code == 302 and plain.headers["Location"] == "/?q=vendor"
    assert said in html.unescape(client.get(plain.headers["Location"]).get_data(as_text=True))


def test_a_script_saving_an_item_from_a_stale_form_is_refused_too(as_curator):
    """The item form's conflict was said to a browser only: sent by a script (JSON asked for) with the same stale
    ``base``, the other curator's presenter was overwritten without a word (r-review). Now 409, nothing written."""
    client, token = as_curator
    session_id, (first, _) = _with_items(client, token)
    tab_a = _item_form(client.get(f"/sessions/{session_id}").get_data(as_text=True), first)
    assert _save_item(client, session_id, first, tab_a, presenter="Sophie Lim").status_code == 302
    data = {k: v for k, v in {**tab_a, "presenter": "王磊"}.items() if k != "open"}
    refused = client.post(f"/sessions/{session_id}/items/{first}", data=data,
                          headers={"X-CSRF-Token": token, "X-Requested-With": "fetch", "Accept": "application/json"})
    assert refused.status_code == 409 and "Sophie Lim" in refused.get_json()["error"]["message"], refused.get_data()
    assert _stored(client, session_id)["items"][0]["presenter"] == "Sophie Lim"
    fresh = {k: v for k, v in {**tab_a, "presenter": "王磊", "base": ""}.items() if k != "open"}  # no digest: written
    assert client.post(f"/sessions/{session_id}/items/{first}", data=fresh, headers={
        "X-CSRF-Token": token, "X-Requested-With": "fetch", "Accept": "application/json"}).status_code == 200
    assert _stored(client, session_id)["items"][0]["presenter"] == "王磊"


def test_a_script_saving_details_from_a_stale_form_is_answered_in_json(as_curator):
    """The details form answered a script's conflicting save with the HTML page (409) where the agenda item's form
    answers JSON (r-review): now the JSON error shape, nothing written; a wrong field and a save are JSON too."""
    client, token = as_curator
    script = {"X-CSRF-Token": token, "X-Requested-With": "fetch", "Accept": "application/json"}
    session_id = _session(client, token)
    tab_a, tab_b = _opened(client, session_id), _opened(client, session_id)
    assert _save(client, session_id, tab_b, location="5楼培训室").status_code == 302
    refused = client.post(f"/sessions/{session_id}/edit", data={**tab_a, "location": "2楼小会议室"}, headers=script)
    assert refused.status_code == 409 and refused.is_json, refused.get_data(as_text=True)[:200]
    assert "5楼培训室" in refused.get_json()["error"]["message"]
    assert _stored(client, session_id)["location"] == "5楼培训室"
    tab_c = _opened(client, session_id)
    wrong = client.post(f"/sessions/{session_id}/edit", data={**tab_c, "scheduled_at": "明天下午"}, headers=script)
    assert wrong.status_code == 400 and wrong.is_json and wrong.get_json()["error"]["message"]
    saved = client.post(f"/sessions/{session_id}/edit", data={**tab_c, "location": "2楼小会议室"}, headers=script)
    assert (saved.status_code, saved.get_json()) == (200, {"ok": True})
    assert _stored(client, session_id)["location"] == "2楼小会议室"


def test_a_kept_item_form_near_the_cookies_room_is_set_whole_within_a_browsers_4_kb(as_curator):
    """``COOKIE_BYTES`` is measured on the signed session only: the Set-Cookie a browser gets also has the cookie's
    name and attributes, and one past 4,096 bytes is dropped, and the form with it. Minutes around the limit (Chinese
    that zlib cannot shrink much): each kept form's Set-Cookie fits, and the longer ones are answered on their page."""
    client, token = as_curator
    session_id, (first, _) = _with_items(client, token)
    form = _item_form(client.get(f"/sessions/{session_id}").get_data(as_text=True), first)
    answers = []
    for length in (900, 1000, 1100, 1200, 1300):
        minutes = "".join(chr(0x4E00 + i * 7919 % 20000) for i in range(length))
        sent = _save_item(client, session_id, first, form, duration_minutes="0", minutes=minutes)
        answers.append(sent.status_code)
        if sent.status_code == 303:
            (cookie,) = sent.headers.getlist("Set-Cookie")
            assert len(cookie.encode()) <= 4096, (length, len(cookie))
            assert _item_form(client.get(sent.headers["Location"]).get_data(as_text=True), first)["minutes"] == minutes
    assert answers[0] == 303 and answers[-1] == 400, answers


def test_a_refused_session_form_is_shown_after_a_redirect_and_a_reload_sends_nothing(as_curator):
    """Reloading the page that said a new share session's or a session's details were refused sent the form again
    (the browser's "Confirm Form Resubmission", then the same 400 page): both are redirected (303) to their page,
    shown once as typed with the error, the wrong field marked; a reload shows the page as stored."""
    client, token = as_curator
    client.set_cookie("kb_lang", "zh")
    sent = client.post("/sessions", data={"csrf_token": token, "title": "供应商分享会", "scheduled_at": "下周二"})
    assert sent.status_code == 303 and sent.headers["Location"] == "/sessions"
    page = client.get("/sessions").get_data(as_text=True)
    assert 'value="供应商分享会"' in page and re.search(r'value="下周二"[^>]* autofocus aria-invalid="true"', page)
    reloaded = client.get("/sessions").get_data(as_text=True)
    assert "供应商分享会" not in reloaded and "aria-invalid" not in reloaded
    session_id = _session(client, token)
    sent = _save(client, session_id, _opened(client, session_id), location="5楼", scheduled_at="下周二")
    assert sent.status_code == 303 and sent.headers["Location"] == f"/sessions/{session_id}"
    page = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert _opened_from(page)["location"] == "5楼" and "aria-invalid" in page
    reloaded = client.get(sent.headers["Location"]).get_data(as_text=True)
    assert _opened_from(reloaded)["location"] == "3楼大会议室" and "aria-invalid" not in reloaded
