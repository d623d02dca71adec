"""Share-session agendas on the web: presenter and time slot per item, the total, the move buttons at the ends,
the .ics invitation, and the Markdown and print exports."""

from __future__ import annotations

import html
import re

import pytest
from markupsafe import escape

from kb.errors import InvalidInput
from kb.store import Store
from tests.web.conftest import csrf_of, login, refused


def _session(client, token, n=3, **fields):
    api = {"X-CSRF-Token": token}
    lessons = [l["id"] for l in client.get("/api/lessons?limit=10").get_json()["items"]][:n]
    created = client.post("/api/sessions", json={"title": "供应商经验分享会", "scheduled_at": "2026-12-15T14:30",
                                                 **fields}, headers=api).get_json()
    for lesson_id in lessons:
        assert client.post(f"/api/sessions/{created['id']}/items", json={"lesson_id": lesson_id},
                           headers=api).status_code == 201
    items = [i["id"] for i in client.get(f"/api/sessions/{created['id']}").get_json()["items"]]
    return created["id"], items


def _set(client, token, session_id, item_id, **fields):
    data = {"csrf_token": token, "note": "", "minutes": "", "presenter": "", "starts_at": "", "duration_minutes": "",
            **fields}
    return client.post(f"/sessions/{session_id}/items/{item_id}", data=data)


def test_presenter_and_slots_show_on_the_agenda_with_the_total(as_curator):
    client, token = as_curator
    session_id, items = _session(client, token)
    assert _set(client, token, session_id, items[0], presenter="<b>王芳</b>", duration_minutes="20").status_code == 302
    assert _set(client, token, session_id, items[1], presenter="Li Wei", duration_minutes="15").status_code == 302
    assert _set(client, token, session_id, items[2], starts_at="15:30", duration_minutes="10").status_code == 302
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert "&lt;b&gt;王芳&lt;/b&gt;" in page and "<b>王芳" not in page
    assert re.search(r'id="agenda-total">Total 45 min · 14:30–15:40', page)
    slots = [s.strip() for s in re.findall(r"<span class=\"slot\">([^<]*)", page)]
    assert slots == ["14:30–14:50", "14:50–15:05", "15:30–15:40"]
    api = client.get(f"/api/sessions/{session_id}").get_json()
    assert [i["presenter"] for i in api["items"]] == ["<b>王芳</b>", "Li Wei", None]
    assert api["total_minutes"] == 45


def test_the_first_cannot_move_up_and_the_last_cannot_move_down(as_curator):
    client, token = as_curator
    session_id, _ = _session(client, token)
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    buttons = re.findall(r'<button type="submit" class="small" name="move-(up|down)"( disabled)?>', page)
    assert buttons == [("up", " disabled"), ("down", ""), ("up", ""), ("down", ""), ("up", ""), ("down", " disabled")]
    one, _ = _session(client, token, n=1, title="one")
    page = client.get(f"/sessions/{one}").get_data(as_text=True)
    assert re.findall(r'name="move-(?:up|down)"( disabled)?', page) == [" disabled", " disabled"]
    assert "drag-handle" not in page  # nothing to drag


def test_without_javascript_up_and_down_come_back_to_the_moved_item(as_curator):
    client, token = as_curator
    session_id, items = _session(client, token)
    moved = client.post(f"/sessions/{session_id}/items/{items[0]}/move", data={"csrf_token": token, "direction": "down"})
    assert moved.status_code == 302 and moved.headers["Location"] == f"/sessions/{session_id}#item-{items[0]}"
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert re.findall(r'<li class="agenda-item" id="item-(\d+)"', page)[:2] == [str(items[1]), str(items[0])]


def test_saving_or_removing_an_agenda_item_comes_back_to_it_not_to_the_top(as_curator):
    """An item's notes saved, or an item removed, brought the page back at its top: on a phone the curator scrolled
    down to the agenda again after each one."""
    client, token = as_curator
    session_id, items = _session(client, token)
    saved = _set(client, token, session_id, items[1], note="请张伟讲")
    assert saved.status_code == 302 and saved.headers["Location"] == f"/sessions/{session_id}#item-{items[1]}"
    assert "Saved." in client.get(saved.headers["Location"]).get_data(as_text=True)  # said, there (app.js)
    for removed, back_at in ((items[1], f"item-{items[2]}"), (items[2], f"item-{items[0]}"), (items[0], "agenda")):
        response = client.post(f"/sessions/{session_id}/items/{removed}/remove", data={"csrf_token": token})
        assert response.headers["Location"] == f"/sessions/{session_id}#{back_at}"
        assert f'id="{back_at}"' in client.get(f"/sessions/{session_id}").get_data(as_text=True)


@pytest.mark.parametrize("field,value,english,chinese", [
    ("starts_at", "25:00", "Starts at: '25:00' is not a time of day (use HH:MM)",
     "开始时间：“25:00”不是有效的时刻（格式：HH:MM）"),
    ("duration_minutes", "0", "Length (minutes): a length must be whole minutes from 1 to 600, not '0'",
     "时长（分钟）：时长必须是 1 到 600 之间的整数分钟，而不是“0”"),
])
def test_a_bad_slot_is_said_in_the_page_language_and_the_item_keeps_its_values(as_curator, field, value, english,
                                                                                chinese):
    """The field is called as the form calls it ('Starts at'), not by its name in the code ('starts_at')."""
    client, token = as_curator
    session_id, items = _session(client, token, n=1)
    _set(client, token, session_id, items[0], presenter="Ann", duration_minutes="30")
    for lang, message in (("en", english), ("zh", chinese)):
        client.set_cookie("kb_lang", lang)
        response = _set(client, token, session_id, items[0], **{"presenter": "changed", "duration_minutes": "30",
                                                                  field: value})
        assert response.status_code == 303  # the page again, the item's form as typed (test_session_edits.py)
        page = client.get(response.headers["Location"]).get_data(as_text=True)
        assert str(escape(message)) in page
        item = client.get(f"/api/sessions/{session_id}").get_json()["items"][0]
        assert item["presenter"] == "Ann" and item["duration_minutes"] == 30
        # the wrong field is marked and takes the focus, its words under it; the message above it does not take it
        # (the focus was on the message: the field to mend named to nobody, as the session's own form names it)
        marked = re.findall(r'<(?:input|textarea) name="(\w+)"[^>]*\sautofocus aria-invalid="true" '
                            r'aria-describedby="(\w+)-error"', page)
        assert marked == [(field, field)]
        assert f'<p class="field-error" id="{field}-error">{escape(message)}</p>' in page
        assert not re.search(r'<p class="error-box"[^>]*autofocus', page)


def test_the_invitation_downloads_as_calendar_text_for_readers_too(as_curator, app):
    icalendar = pytest.importorskip("icalendar")
    client, token = as_curator
    session_id, items = _session(client, token, n=2, location="3楼, B座; 5室")
    _set(client, token, session_id, items[0], presenter="王芳", duration_minutes="20")
    _set(client, token, session_id, items[1], duration_minutes="25")
    client.patch(f"/api/sessions/{session_id}", json={"status": "scheduled"}, headers={"X-CSRF-Token": token})
    assert 'id="export-ics"' in client.get(f"/sessions/{session_id}").get_data(as_text=True)
    response = app.test_client().get(f"/sessions/{session_id}/invitation.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="share-session-{session_id}.ics"' in response.headers["Content-Disposition"]
    event = icalendar.Calendar.from_ical(response.data).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == "供应商经验分享会" and str(event["LOCATION"]) == "3楼, B座; 5室"
    assert str(event.decoded("DTEND")) == "2026-12-15 15:15:00+00:00"  # the time_zone setting: UTC
    assert "Presenter: 王芳" in str(event["DESCRIPTION"])
    assert str(event["URL"]).endswith(f"/sessions/{session_id}")
    again = app.test_client().get(f"/sessions/{session_id}/invitation.ics", base_url="http://other-name.example")
    assert icalendar.Calendar.from_ical(again.data).walk("VEVENT")[0]["UID"] == event["UID"]  # the same event


@pytest.mark.parametrize(("lang", "header"), [("zh", "分享人"), ("en", "Presenter")])
def test_the_agenda_downloads_as_a_spreadsheet_from_its_page(as_curator, app, lang, header):
    """Only `kb session show --format xlsx` made it: a curator in the browser had no spreadsheet of the agenda. A
    lesson hidden since it was put on the agenda is not in a reader's copy."""
    import csv
    import io

    openpyxl = pytest.importorskip("openpyxl")
    client, token = as_curator
    session_id, items = _session(client, token, n=2)
    _set(client, token, session_id, items[0], presenter="王芳 <b>", starts_at="14点30分", duration_minutes="20")
    client.patch(f"/api/sessions/{session_id}", json={"status": "scheduled"}, headers={"X-CSRF-Token": token})
    hidden = client.get(f"/api/sessions/{session_id}").get_json()["items"][1]
    client.post("/review", data={"csrf_token": token, "ids": str(hidden["lesson_id"]), "action": "hide"})
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert f'href="/sessions/{session_id}/agenda.xlsx" id="export-xlsx"' in page
    reader = app.test_client()
    reader.set_cookie("kb_lang", lang)
    got = reader.get(f"/sessions/{session_id}/agenda.xlsx")
    assert got.status_code == 200 and f'filename="share-session-{session_id}.xlsx"' in got.headers["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(got.data)).active.iter_rows(values_only=True))
    head = rows[0]
    assert header in head and len(rows) == 3
    first = dict(zip(head, rows[1], strict=True))
    assert (first[header], rows[1][1], rows[1][2], rows[1][3]) == ("王芳 <b>", "14:30", "14:50", 20)
    assert hidden["lesson_text"] not in str(rows[2])  # hidden from readers since
    text = reader.get(f"/sessions/{session_id}/agenda.csv").get_data(as_text=True)
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))[1][4] == "王芳 <b>"
    assert reader.get(f"/sessions/{session_id}/agenda.pdf").status_code == 404


def test_the_invitation_links_to_the_public_site_not_the_address_it_was_fetched_through(as_curator, settings):
    """Behind the README's nginx the app is asked for 127.0.0.1:5000 (nginx's default Host); the invitation's link
    said https://127.0.0.1:5000/sessions/1, which no attendee can open, and any Host a client sent went in it."""
    from web import create_app

    client, token = as_curator
    session_id, _ = _session(client, token, n=1)
    client.patch(f"/api/sessions/{session_id}", json={"status": "scheduled"}, headers={"X-CSRF-Token": token})
    public = create_app(settings.replace(base_url="https://lessons.example.com/kb/"))
    for host in ("http://127.0.0.1:5000", "http://evil.example"):
        text = public.test_client().get(f"/sessions/{session_id}/invitation.ics", base_url=host).get_data(as_text=True)
        assert f"URL:https://lessons.example.com/kb/sessions/{session_id}\r\n" in text
        assert "127.0.0.1" not in text and "evil" not in text


def test_no_invitation_for_a_session_without_a_date_nor_for_a_draft_to_readers(as_curator, app):
    client, token = as_curator
    session_id, _ = _session(client, token, n=1, scheduled_at=None)
    assert 'id="export-ics"' not in client.get(f"/sessions/{session_id}").get_data(as_text=True)
    client.set_cookie("kb_lang", "zh")
    response = client.get(f"/sessions/{session_id}/invitation.ics")
    assert response.status_code == 400
    assert "下载日历邀请前请先填写分享会的日期" in response.get_data(as_text=True)
    draft, _ = _session(client, token, n=1)
    assert app.test_client().get(f"/sessions/{draft}/invitation.ics").status_code == 404


def test_markdown_and_print_show_presenter_and_times(as_curator):
    client, token = as_curator
    session_id, items = _session(client, token, n=2)
    _set(client, token, session_id, items[0], presenter="王*芳*", duration_minutes="20")
    _set(client, token, session_id, items[1], starts_at="15:00", duration_minutes="25")
    markdown = client.get(f"/sessions/{session_id}/agenda.md").get_data(as_text=True)
    assert "Total 45 min · 14:30–15:25" in markdown
    assert re.search(r"^1\. 14:30–14:50 \(20 min\) \*\*", markdown, re.MULTILINE)
    assert re.search(r"^2\. 15:00–15:25 \(25 min\) \*\*", markdown, re.MULTILINE)
    assert "   - Presenter: 王\\*芳\\*" in markdown
    printed = client.get(f"/sessions/{session_id}/print").get_data(as_text=True)
    assert "Total 45 min · 14:30–15:25" in printed
    assert '<p class="slot">14:30–14:50 (20 min) · Presenter: 王*芳*</p>' in printed
    client.set_cookie("kb_lang", "zh")
    printed = client.get(f"/sessions/{session_id}/print").get_data(as_text=True)
    assert "总时长 45 分钟" in printed and "分享人：王*芳*" in printed


@pytest.mark.parametrize(("lang", "minutes_said", "description_said"), [
    ("en", "Minutes is a text of 20,001 characters, longer than the 20,000 allowed",
     "Description is a text of 5,001 characters, longer than the 5,000 allowed"),
    ("zh", "会议纪要有 20,001 个字符，超过了允许的 20,000 个", "说明有 5,001 个字符，超过了允许的 5,000 个")])
def test_minutes_and_a_description_past_their_limit_are_said_not_cut(as_curator, lang, minutes_said, description_said):
    """An item's minutes (maxlength 20,000) and a session's description (5,000) pasted longer were cut by the box
    without a word, as a recorded lesson was: the boxes have no maxlength now, a count under each (app.js, as the
    record form's), and the server's limit, said, every character given back."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, items = _session(client, token, n=1)
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    for name, limit, counter in (("minutes", 20000, f"minutes-count-{items[0]}"),
                                 ("description", 5000, "description-count")):
        box = re.search(rf'<textarea name="{name}"[^>]*>', page).group(0)
        assert "maxlength" not in box and f'data-limit="{limit}"' in box and f'data-counter="{counter}"' in box
        assert f'<p class="paste-count" id="{counter}"' in page
    assert "maxlength" not in re.search(r'<textarea name="description"[^>]*>',
                                        client.get("/sessions").get_data(as_text=True)).group(0)
    minutes = "纪" * 20_001
    sent = _set(client, token, session_id, items[0], minutes=minutes)
    shown = client.get(sent.headers["Location"]) if sent.status_code == 303 else sent
    body = shown.get_data(as_text=True)
    assert minutes_said in body and f">{minutes}</textarea>" in body
    assert client.get(f"/api/sessions/{session_id}").get_json()["items"][0]["minutes"] is None
    description = "说" * 5_001
    edited = client.post(f"/sessions/{session_id}/edit", data={"csrf_token": token, "title": "供应商经验分享会",
                                                               "description": description})
    shown = client.get(edited.headers["Location"]) if edited.status_code == 303 else edited  # (too long for a cookie)
    body = shown.get_data(as_text=True)
    assert shown.status_code == (200 if edited.status_code == 303 else 400) and description_said in body
    assert f">{description}</textarea>" in body


SESSION_FIELDS = ("title", "theme", "location", "presenters", "audience", "description")


def _saved(store, session_id, item_id, name, text):
    if name in SESSION_FIELDS:
        store.update_session(session_id, {name: text})
    else:
        store.update_session_item(session_id, item_id, **{name: text})


def test_each_forms_limit_is_the_one_the_store_refuses_past(as_curator, settings):
    """The forms' limits were typed into the templates (20000/18000, 5000/4500, a presenters' box of 1,000 where the
    store keeps 5,000): each box's maxlength or count (data-limit, counted from 9/10 of it) is now the store's own,
    which takes that many characters and refuses one more."""
    client, token = as_curator
    session_id, items = _session(client, token, n=1)
    pages = {"new": client.get("/sessions").get_data(as_text=True),
             "session": client.get(f"/sessions/{session_id}").get_data(as_text=True)}
    fields = [("new", name) for name in SESSION_FIELDS] + [
        ("session", name) for name in (*SESSION_FIELDS, "presenter", "note", "minutes")]
    with Store(settings.db) as store:
        for page, name in fields:
            box = re.search(rf'<(?:input|textarea) name="{name}"[^>]*>', pages[page]).group(0)
            limit = int(re.search(r'(?:maxlength|data-limit)="(\d+)"', box).group(1))
            if "data-limit" in box:
                assert f'data-count-from="{limit * 9 // 10}"' in box, box
            text = ("a," * limit)[:limit] if name == "presenters" else "a" * limit  # names of 100 at most
            _saved(store, session_id, items[0], name, text)
            with pytest.raises(InvalidInput, match=rf"^'{name}' is a text of {limit + 1:,} characters"):
                _saved(store, session_id, items[0], name, text + "a")
        # an item's start: its box took 20 characters where the store takes 40 (" 14:30 " typed with spaces)
        box = re.search(r'<input name="starts_at"[^>]*>', pages["session"]).group(0)
        limit = int(re.search(r'maxlength="(\d+)"', box).group(1))
        store.update_session_item(session_id, items[0], starts_at="14:30".center(limit))
        with pytest.raises(InvalidInput, match=rf"^'starts_at' is a text of {limit + 1:,} characters"):
            store.update_session_item(session_id, items[0], starts_at="a" * (limit + 1))
        box = re.search(r'<input name="duration_minutes"[^>]*>', pages["session"]).group(0)
        longest = int(re.search(r' max="(\d+)"', box).group(1))
        store.update_session_item(session_id, items[0], duration_minutes=str(longest))
        with pytest.raises(InvalidInput):
            store.update_session_item(session_id, items[0], duration_minutes=str(longest + 1))


def test_minutes_and_a_description_count_a_browsers_cr_lf_as_one_character(as_curator):
    """The counters (app.js) count a line break as one character, the browser sends CR LF, and the server counted
    two: minutes and a description at their limit, as the counter shows it, were refused. Kept with LF."""
    client, token = as_curator
    session_id, items = _session(client, token, n=1)
    minutes = "\r\n".join(["纪" * 198] * 100 + ["要" * 100])  # 19,900 characters and 100 line breaks: 20,000
    assert _set(client, token, session_id, items[0], minutes=minutes).status_code == 302
    stored = client.get(f"/api/sessions/{session_id}").get_json()["items"][0]["minutes"]
    assert stored == minutes.replace("\r\n", "\n") and len(stored) == 20_000
    description = "\r".join(["说" * 48] * 100 + ["明" * 100])  # 4,900 characters and 100 lone CRs: 5,000
    edited = client.post(f"/sessions/{session_id}/edit", data={"csrf_token": token, "title": "供应商经验分享会",
                                                               "description": description})
    assert edited.status_code == 302
    assert client.get(f"/api/sessions/{session_id}").get_json()["description"] == description.replace("\r", "\n")


@pytest.mark.parametrize(("lang", "comma"), [("en", ", "), ("zh", "、")])
def test_a_lesson_page_lists_the_sessions_it_is_on_with_the_pages_comma(as_curator, lang, comma):
    """The sessions a lesson is on were joined by ", " on a Chinese page too, which lists with 、."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    first, _ = _session(client, token, n=1, title="一月分享会")
    second, _ = _session(client, token, n=1, title="二月分享会")
    lesson_id = client.get(f"/api/sessions/{first}").get_json()["items"][0]["lesson_id"]
    page = client.get(f"/lessons/{lesson_id}").get_data(as_text=True)
    assert (f'<a href="/sessions/{first}">一月分享会</a>{comma}<a href="/sessions/{second}">二月分享会</a>' in page)


@pytest.mark.parametrize(("lang", "line"), [("en", '<p class="slot">Presenter: Ann</p>'),
                                            ("zh", '<p class="slot">分享人：Ann</p>')])
def test_the_print_view_sets_no_separator_before_a_presenter_alone(as_curator, lang, line):
    """An item with a presenter and no time nor length (a session not yet dated) printed " · Presenter: Ann", a
    separator before nothing at the start of its line."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, items = _session(client, token, n=1, scheduled_at=None)
    _set(client, token, session_id, items[0], presenter="Ann")
    assert line in client.get(f"/sessions/{session_id}/print").get_data(as_text=True)


@pytest.mark.parametrize(("lang", "says"), [("en", "No lessons on the agenda yet."), ("zh", "议程中还没有经验。")])
def test_print_and_markdown_of_an_empty_agenda_say_it_is_empty(as_curator, lang, says):
    # The print view was the title, "Agenda" and an empty page; the Markdown pointed at "the suggestions below".
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, _ = _session(client, token, n=0)
    printed = client.get(f"/sessions/{session_id}/print").get_data(as_text=True)
    assert f'<p class="empty">{says}</p>' in printed and '<ol class="agenda">' not in printed
    markdown = client.get(f"/sessions/{session_id}/agenda.md").get_data(as_text=True)
    assert f"_{says}_" in markdown and "below" not in markdown and "下方" not in markdown
    _session(client, token, n=1)  # an agenda with a lesson says no such thing
    full = client.get(f"/sessions/{session_id + 1}/print").get_data(as_text=True)
    assert says not in full and '<ol class="agenda">' in full


def test_slot_writes_need_a_curator_and_the_csrf_token(as_reader, app):
    client, token = as_reader
    assert client.post("/sessions/1/items/1", data={"csrf_token": token, "presenter": "x"}).status_code == 403
    curator = app.test_client()
    login(curator, "carl")
    assert curator.post("/sessions/1/items/1", data={"presenter": "x"}).status_code == 400
    assert csrf_of(curator)


def test_a_lesson_page_offers_only_the_sessions_it_is_not_on_yet(as_curator):
    client, token = as_curator
    session_id, _items = _session(client, token, n=1)
    other = client.post("/api/sessions", json={"title": "Second session"}, headers={"X-CSRF-Token": token}).get_json()
    lesson_id = client.get(f"/api/sessions/{session_id}").get_json()["items"][0]["lesson_id"]

    def offered():
        page = client.get(f"/lessons/{lesson_id}").get_data(as_text=True)
        form = page.split('<section><h2>Add to session</h2>', 1)[1].split("</section>", 1)[0]
        return [int(i) for i in re.findall(r'<option value="(\d+)"', form)], form

    ids, form = offered()
    assert ids == [other["id"]] and f"/sessions/{session_id}" in form  # on the first already: named, not offered
    assert client.post(f"/api/sessions/{other['id']}/items", json={"lesson_id": lesson_id},
                       headers={"X-CSRF-Token": token}).status_code == 201
    ids, form = offered()
    assert ids == [] and "add-session" not in form and f"/sessions/{other['id']}" in form


@pytest.mark.parametrize("lang, hint", [("en", "Give the session a date and time below"), ("zh", "请先在下方填写日期和时间")])
def test_a_session_without_a_date_cannot_be_scheduled_from_its_page(as_curator, lang, hint):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    undated = client.post("/api/sessions", json={"title": "No date yet"}, headers={"X-CSRF-Token": token}).get_json()
    page = client.get(f"/sessions/{undated['id']}").get_data(as_text=True)
    buttons = dict(re.findall(r'name="status" value="(\w+)">\s*(<button[^>]*>)', page))
    assert set(buttons) == {"scheduled", "held"} and all("disabled" in b for b in buttons.values())
    assert hint in page
    session_id, _ = _session(client, token, n=1)  # dated: both can be pressed, no hint
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    buttons = dict(re.findall(r'name="status" value="(\w+)">\s*(<button[^>]*>)', page))
    assert set(buttons) == {"scheduled", "held"} and not any("disabled" in b for b in buttons.values())
    assert hint not in page


@pytest.mark.parametrize("lang, words", [("en", "keeps its date and time"), ("zh", "必须保留日期和时间")])
def test_a_scheduled_session_keeps_its_date(as_curator, lang, words):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, _ = _session(client, token, n=1)
    assert client.post(f"/sessions/{session_id}/status", data={"csrf_token": token, "status": "scheduled"}
                       ).status_code == 302
    cleared = client.post(f"/sessions/{session_id}/edit", data={"csrf_token": token, "title": "供应商经验分享会",
                                                                "scheduled_at": ""})
    assert cleared.status_code == 303 and words in client.get(cleared.headers["Location"]).get_data(as_text=True)
    data = client.get(f"/api/sessions/{session_id}").get_json()
    assert data["scheduled_at"] == "2026-12-15T14:30" and data["status"] == "scheduled"
    assert client.get(f"/sessions/{session_id}/invitation.ics").status_code == 200
    # a draft may lose its date
    client.post(f"/sessions/{session_id}/status", data={"csrf_token": token, "status": "draft"})
    assert client.post(f"/sessions/{session_id}/edit", data={"csrf_token": token, "title": "供应商经验分享会",
                                                             "scheduled_at": ""}).status_code == 302
    assert client.get(f"/api/sessions/{session_id}").get_json()["scheduled_at"] is None


def test_the_session_list_puts_no_separator_before_a_missing_date(as_curator):
    client, token = as_curator
    client.post("/api/sessions", json={"title": "Undated", "theme": "<b>供应商</b>"}, headers={"X-CSRF-Token": token})
    client.post("/api/sessions", json={"title": "Dated", "scheduled_at": "2099-03-01T10:00", "theme": "供应商"},
                headers={"X-CSRF-Token": token})
    page = client.get("/sessions").get_data(as_text=True)
    metas = dict(re.findall(r'>(Undated|Dated)</a>\s*<span class="status[^"]*">[^<]*</span>\s*<span class="muted">'
                            r'(.*?)</span></li>', page))
    assert metas["Undated"] == "&lt;b&gt;供应商&lt;/b&gt; · 0 items"  # no leading separator; the theme escaped
    assert re.fullmatch(r'<time datetime="2099-03-01T10:00">[^<]+</time> · 供应商 · 0 items', metas["Dated"])


def test_the_session_list_counts_one_item_in_the_singular(as_curator):
    client, token = as_curator
    _session(client, token, n=1)
    _session(client, token, n=2)
    page = client.get("/sessions").get_data(as_text=True)
    assert page.count("· 1 item</span>") == 1 and page.count("· 2 items</span>") == 1  # was "1 items"
    client.set_cookie("kb_lang", "zh")
    assert "· 1 项</span>" in client.get("/sessions").get_data(as_text=True)


@pytest.mark.parametrize("lang, untimed, aside, total", [("en", "No item has a length yet", " (item 2 without a length)", "Total 20 min"),
                                                        ("zh", "各项均未填时长", "（第 2 项未填时长）", "总时长 20 分钟")])
def test_an_agenda_without_lengths_shows_no_total_of_zero_and_asides_take_the_pages_brackets(as_curator, lang, untimed,
                                                                                         aside, total):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, items = _session(client, token, n=2)
    zero = total.replace("20", "0")
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    shown = re.search(r'id="agenda-total">(.*?)</p>', page, re.DOTALL).group(1)
    assert untimed in shown and zero not in shown  # before: "Total 0 min (2 without a length)"
    assert zero not in client.get(f"/sessions/{session_id}/print").get_data(as_text=True)
    markdown = client.get(f"/sessions/{session_id}/agenda.md").get_data(as_text=True)
    assert f"\n_{untimed}_\n" in markdown and zero not in markdown  # before: "Total 0 min" under the heading
    assert _set(client, token, session_id, items[0], duration_minutes="20").status_code == 302
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    shown = re.sub(r"<[^>]+>|\s{2,}", "", re.search(r'id="agenda-total">(.*?)</p>', page, re.DOTALL).group(1))
    assert shown.startswith(total) and shown.endswith(aside)
    markdown = client.get(f"/sessions/{session_id}/agenda.md").get_data(as_text=True)
    assert re.search(rf"^{re.escape(total)} · 14:30–14:50{re.escape(aside)}$", markdown, re.MULTILINE)
    # no space before a full-width bracket (the Chinese read "14:30–14:50 （20 分钟）", and "(20 分钟)" in the
    # Markdown and the invitation)
    slot = "14:30–14:50（20 分钟）" if lang == "zh" else "14:30–14:50 (20 min)"
    head = re.search(r'<span class="slot">(.*?)</span>\s*</span>', page, re.DOTALL).group(1)
    assert re.sub(r"<[^>]+>", "", head) == slot
    assert f'<p class="slot">{slot}</p>' in client.get(f"/sessions/{session_id}/print").get_data(as_text=True)
    assert f"\n1. {slot} **" in markdown
    client.post(f"/sessions/{session_id}/edit", data={"csrf_token": token, "scheduled_at": "2026-12-15 14:30"})
    invitation = client.get(f"/sessions/{session_id}/invitation.ics").get_data(as_text=True).replace("\r\n ", "")
    assert f"\\n1. {slot} " in invitation


@pytest.mark.parametrize("lang, joined", [("en", "张伟, Ann &lt;b&gt;x&lt;/b&gt;"), ("zh", "张伟、Ann &lt;b&gt;x&lt;/b&gt;")])
def test_a_sessions_presenters_are_listed_with_the_pages_comma(as_curator, lang, joined):
    # The Chinese page, print view and Markdown listed them "张伟, Ann" with the ASCII comma and its space.
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, _ = _session(client, token, n=0, presenters=["张伟", "Ann <b>x</b>"])
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    assert f"<dd>{joined}</dd>" in page
    assert f"<td>{joined}</td>" in client.get(f"/sessions/{session_id}/print").get_data(as_text=True)
    markdown = client.get(f"/sessions/{session_id}/agenda.md").get_data(as_text=True)
    assert f"** {joined}\n" in markdown
    invitation = client.get(f"/sessions/{session_id}/invitation.ics").get_data(as_text=True).replace("\r\n ", "")
    label = "Presenters: " if lang == "en" else "分享人："  # the invitation left them out
    listed = html.unescape(joined).replace(",", "\\,")  # a TEXT value's comma is escaped (RFC 5545)
    assert f"DESCRIPTION:{label}{listed}\\n" in invitation


@pytest.mark.parametrize("lang, typed", [("en", "王芳, Li Wei"), ("zh", "王芳、Li Wei")])
def test_the_details_form_fills_the_presenters_with_the_pages_comma_and_saves_them_back_unchanged(as_curator, lang,
                                                                                                    typed):
    # The Chinese page's form read "王芳, Li Wei" with the ASCII comma and its space.
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, _ = _session(client, token, n=0, presenters=["王芳", "Li Wei"], location="3 楼会议室")
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    form = re.search(r'<section class="card" id="session-details">.*?<form[^>]*>(.*?)</form>', page, re.DOTALL).group(1)
    fields = {name: html.unescape(value) for name, value in re.findall(r'<input name="(\w+)"[^>]* value="([^"]*)"', form)}
    assert fields["presenters"] == typed
    fields.update(csrf_token=token, description="", audience="")
    assert client.post(f"/sessions/{session_id}/edit", data=fields).status_code == 302
    saved = client.get(f"/api/sessions/{session_id}").get_json()
    assert saved["presenters"] == ["王芳", "Li Wei"] and saved["location"] == "3 楼会议室"
    assert saved["scheduled_at"].startswith("2026-12-15")


@pytest.mark.parametrize("lang,message", [
    ("en", "Date and time: '下周二下午' is not a date and time (use YYYY-MM-DD HH:MM, or YYYY-MM-DD for the day alone)"),
    ("zh", "日期时间：“下周二下午”不是有效的日期时间（格式：YYYY-MM-DD HH:MM；只定日期则写 YYYY-MM-DD）"),
])
def test_a_session_time_that_is_not_one_is_refused_naming_the_field(as_curator, lang, message):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    response = client.post("/sessions", data={"csrf_token": token, "title": "复盘分享", "scheduled_at": "下周二下午",
                                              "theme": "供应商 <交付>", "description": "第一行\n第二行"})
    assert response.status_code == 303  # post/redirect/get (web/kept_forms.py): a reload sends nothing again
    body = client.get(response.headers["Location"]).get_data(as_text=True)
    assert str(escape(message)) in body
    # the form again as typed, beside the message (it was an error page: everything typed was lost)
    form = re.search(r'<p class="error-box" role="alert"[^>]*>([^<]+)</p>\s*<form[^>]*id="new-session"[^>]*>(.*?)</form>', body,
                     re.DOTALL)
    assert form and form.group(1) == str(escape(message))
    for field, value in (("title", "复盘分享"), ("theme", "供应商 &lt;交付&gt;"), ("scheduled_at", "下周二下午")):
        assert re.search(rf'name="{field}"[^>]* value="{value}"', form.group(2)), field
    assert ">第一行\n第二行</textarea>" in form.group(2)
    session_id, _ = _session(client, token, n=1)  # and the same for a session's own details
    edited = client.post(f"/sessions/{session_id}/edit", data={"csrf_token": token, "title": "改过的标题",
                                                               "scheduled_at": "下周二下午", "location": "3楼"})
    assert edited.status_code == 303
    card = re.search(r'id="session-details">(.*?)</section>', client.get(edited.headers["Location"]).get_data(
        as_text=True), re.DOTALL).group(1)
    assert str(escape(message)) in card and 'value="改过的标题"' in card and 'value="3楼"' in card
    assert 'value="下周二下午"' in card
    assert client.get(f"/api/sessions/{session_id}").get_json()["title"] == "供应商经验分享会"  # nothing stored


@pytest.mark.parametrize("lang, heading, button", [("en", "Details of the session", "Save"), ("zh", "分享会信息", "保存")])
def test_the_sessions_details_form_is_headed_by_what_it_holds_not_by_its_button(as_curator, lang, heading, button):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, _ = _session(client, token, n=1)
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    card = re.search(r'<section class="card" id="session-details"><h2>([^<]+)</h2>(.*?)</section>', page, re.DOTALL)
    assert card and card.group(1) == heading  # before: 'Save' / '保存', the word on its button
    assert f'<button type="submit">{button}</button>' in card.group(2) and 'name="title"' in card.group(2)


def test_add_to_session_offers_the_next_session_first(as_curator):
    # the latest date came first, so "add to session" put a lesson into next quarter's session, not next week's
    from datetime import date, timedelta

    client, token = as_curator
    api = {"X-CSRF-Token": token}

    def made(title, days=None):
        when = {"scheduled_at": f"{date.today() + timedelta(days=days)}T14:30"} if days is not None else {}
        return client.post("/api/sessions", json={"title": title, **when}, headers=api).get_json()["id"]

    later, undated, sooner, overdue = made("Next quarter", 90), made("Undated"), made("Next week", 7), made("Past", -10)
    lesson_id = client.get("/api/lessons?limit=1").get_json()["items"][0]["id"]
    for page in (client.get(f"/lessons/{lesson_id}"), client.get("/", query_string={"q": "vendor"})):
        form = page.get_data(as_text=True).split('class="add-session"', 1)[1].split("</select>", 1)[0]
        assert [int(i) for i in re.findall(r'<option value="(\d+)"', form)] == [sooner, later, undated, overdue]


@pytest.mark.parametrize(("lang", "back", "hint"), [("zh", "返回分享会", "Ctrl+P"), ("en", "Back to the session", "Ctrl+P")])
def test_the_print_view_leads_back_to_its_session_on_screen_only(as_curator, lang, back, hint):
    # opened from the session page on a phone, the print view was a page without a way back
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, _ = _session(client, token, n=1)
    printed = client.get(f"/sessions/{session_id}/print").get_data(as_text=True)
    nav = re.search(r'<nav class="screen-only"[^>]*>(.*?)</nav>', printed, re.DOTALL)
    assert nav and f'<a href="/sessions/{session_id}">{back}</a>' in nav.group(1) and hint in nav.group(1)
    from pathlib import Path

    import web

    css = (Path(web.__file__).parent / "static" / "css" / "print.css").read_text(encoding="utf-8")
    assert re.search(r"@media print \{ \.screen-only \{ display: none; \} \}", css)  # not on paper


@pytest.mark.parametrize("lang,message", [
    ("en", "Date and time is invalid: '2026-02-30 10:00' does not exist; use YYYY-MM-DD HH:MM"),
    ("zh", "日期时间无效：2026-02-30 10:00 不存在，请用 YYYY-MM-DD HH:MM"),
])
def test_a_session_day_that_does_not_exist_is_refused_saying_so(as_curator, lang, message):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    response = client.post("/sessions", data={"csrf_token": token, "title": "复盘分享", "scheduled_at": "2026-02-30 10:00"})
    assert response.status_code == 303
    assert str(escape(message)) in client.get(response.headers["Location"]).get_data(as_text=True)


def test_an_item_of_a_document_without_a_project_names_its_document_alone(as_curator, settings):
    """An agenda item's source line printed "{project} · {title}" with the project empty as " · title": a stray
    separator before the title on the page (the print view and agenda.md already join only what is there)."""
    import sqlite3

    client, token = as_curator
    first = client.get("/api/lessons?limit=1").get_json()["items"][0]
    with sqlite3.connect(settings.db) as conn:  # the item keeps the project its document had when it was added
        conn.execute("UPDATE documents SET project = NULL WHERE key = ?", [first["document_key"]])
    session_id, _ = _session(client, token, n=1)
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    source = re.search(r'<span class="muted source">(.*?)</span>', page, re.DOTALL).group(1)
    assert re.fullmatch(r'<a href="/documents/[^"]+">[^<]+</a>', source.strip()), source


@pytest.mark.parametrize("lang, said", [
    ("en", "Created the share session “Vendor lessons” as a draft: readers see it once it is scheduled."),
    ("zh", "已创建分享会“Vendor lessons”（草稿）：排期后读者才能看到。")])
def test_a_new_share_session_says_it_was_created(as_curator, lang, said):
    """Creating a session led to its page without a word, where recording a lesson, adding to an agenda or deleting a
    session say what they did; a curator new to it did not know whether, nor for whom, it now existed."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    created = client.post("/sessions", data={"csrf_token": token, "title": "Vendor lessons"})
    assert created.status_code == 302
    flashes = re.findall(r'<div class="flash[^"]*"[^>]*>(.*?)</div>', client.get(created.headers["Location"]).get_data(
        as_text=True), re.DOTALL)
    assert len(flashes) == 1 and said in html.unescape(flashes[0])


@pytest.mark.parametrize(("lang", "said"), [("en", "Note is a text of 2,001 characters, longer than the 2,000 allowed"),
                                            ("zh", "备注有 2,001 个字符，超过了允许的 2,000 个")])
def test_an_item_note_past_its_limit_is_counted_and_said_not_cut(as_curator, lang, said):
    """An agenda item's note (maxlength 2,000) pasted longer was cut by the box without a word, as the minutes beside
    it were until u-walk2: counted now under it (app.js), the server's limit said, the note given back whole."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    session_id, items = _session(client, token, n=1)
    page = client.get(f"/sessions/{session_id}").get_data(as_text=True)
    box = re.search(r'<input name="note"[^>]*>', page).group(0)
    counter = f"note-count-{items[0]}"
    assert "maxlength" not in box and 'data-limit="2000"' in box and f'data-counter="{counter}"' in box
    assert f'aria-describedby="{counter}"' in box and f'<p class="paste-count" id="{counter}"' in page
    note = "备" * 2_001
    sent = _set(client, token, session_id, items[0], note=note)
    body = refused(client, sent).get_data(as_text=True)  # (one character repeated: it fits in the cookie)
    box = re.search(r'<input name="note"[^>]*>', body).group(0)
    assert f'value="{note}"' in box and 'aria-invalid="true"' in box and f'aria-describedby="note-error {counter}"' in box
    assert f'<p class="field-error" id="note-error">{html.escape(said, quote=False)}</p>' in body
    assert client.get(f"/api/sessions/{session_id}").get_json()["items"][0]["note"] is None
