"""A publish or Edit form refused (a date that is none, the project left empty, an emptied lesson) comes back as it
was sent, the lessons corrected in it included, with what is wrong said above it.

Before: a project manager who had changed a lesson's kind, edited another's text and added a missed one, then typed
the date 2026-13-45, got a bare 400 page ("日期（date）无效…", only 返回搜索 / Back to search): the corrections were on the
page left behind."""

from __future__ import annotations

import html
import re

import pytest

from kb.store import Store
from tests.web.conftest import login, refused
from tests.web.test_contribute import _upload, _upload_ids, _wait, contributors  # noqa: F401 (a fixture)
from tests.web.test_contribute_lessons import KEY, RETRO, _stored

BAD_DATE = {"en": "Date is invalid: ", "zh": "日期无效："}


def _read(client, token):
    url, body = _wait(client, _upload(client, token, [("retro.md", RETRO.encode())], project="酒店预订系统"))
    fields = dict(re.findall(r'<p class="lesson-text" id="publish-\d+-(lesson-\d+)">([^<]*)</p>', body))
    return url, _upload_ids(body)[0], list(fields)


def _kept(page, first, second):
    """The corrections shown again: a kind chosen, a lesson ticked for removal, a text edited, lessons added."""
    kind = page[page.index(f'name="{first}-kind"'):]
    assert re.search(r'<option value="root_cause" selected>', kind[:kind.index("</select>")])
    drop = page[page.index(f'name="{second}-drop"'):]
    assert drop[:drop.index(">")].endswith(" checked")
    assert "数据库操作多写泛型方法（改）。</textarea>" in page
    assert "打包在截止前两天演练一次。</textarea>" in page
    added = page[page.index('name="added-kind"'):]
    assert re.search(r'<option value="action_item" selected>', added[:added.index("</select>")])


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize(("field", "value"), [("date", "2026-13-45"), ("project", "")])
def test_a_refused_publish_form_comes_back_as_typed(client, contributors, lang, field, value):  # noqa: F811
    token = login(client, "pat")
    client.set_cookie("kb_lang", lang)
    url, upload_id, (first, second, third) = _read(client, token)
    form = {"csrf_token": token, "project": "酒店预订系统", "title": "酒店预订系统测试回顾（改）", "date": "2025-03-01",
            f"{first}-kind": "root_cause", f"{second}-drop": "1", f"{third}-text": "数据库操作多写泛型方法（改）。",
            "added-kind": "action_item", "added-text": "打包在截止前两天演练一次。"}
    sent = client.post(f"/contribute/uploads/{upload_id}/publish", data={**form, field: value})
    assert sent.headers["Location"] == url  # post/redirect/get: a reload of the page shown sends nothing again
    response = refused(client, sent)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    error = re.search(r'<p class="error-box" role="alert" id="publish-error">([^<]*)</p>', page)
    said = html.unescape(error.group(1))
    if field == "date":
        assert "2026-13-45" in said and ("(date)" not in said and "（date）" not in said)
        assert said.startswith(BAD_DATE[lang])
        assert 'value="2026-13-45"' in page
    else:
        assert said.startswith("Which project" if lang == "en" else "这份文档属于哪个项目")
    assert 'value="酒店预订系统测试回顾（改）"' in page
    _kept(page, first, second)
    assert page.index('id="publish-error"') > page.index(f'id="upload-{upload_id}"')  # at its file
    # the field to correct has the focus, tied to the message (the focus was nowhere, the field past the lessons)
    marked = re.findall(r'<input name="(\w+)"[^>]* autofocus aria-invalid="true" aria-describedby="(\w+)-error"', page)
    assert marked == [(field, field)] and page.count(" autofocus") == 1
    note = re.search(rf'<p class="field-error" id="{field}-error">([^<]*)</p>', page)  # in sight under the field
    assert note and note.group(1) == error.group(1)
    assert _stored(contributors) == []  # nothing published
    reloaded = client.get(url).get_data(as_text=True)  # once: a reload shows the upload as read
    assert 'id="publish-error"' not in reloaded and "酒店预订系统测试回顾（改）" not in reloaded
    assert client.post(f"/contribute/uploads/{upload_id}/publish", data=form).status_code == 302
    assert [row["kind"] for row in _stored(contributors)] == ["root_cause", "lesson", "action_item"]


def test_a_refused_edit_form_comes_back_as_typed(client, contributors):  # noqa: F811
    token = login(client, "pat")
    _url, upload_id, _fields = _read(client, token)
    client.post(f"/contribute/uploads/{upload_id}/publish", data={"csrf_token": token, "project": "酒店预订系统"})
    with Store(contributors.db) as store:
        ids = [lesson["id"] for lesson in store.document(KEY)["lessons"]]
    first, second, third = (f"lesson-{i}" for i in ids)
    before = _stored(contributors)
    form = {"csrf_token": token, "key": KEY, "project": "酒店预订系统", "title": "酒店预订系统测试回顾（改）",
            "date": "2026/13/45", f"{first}-kind": "root_cause", f"{second}-drop": "1",
            f"{third}-text": "数据库操作多写泛型方法（改）。", "added-kind": "action_item", "added-text": "打包在截止前两天演练一次。"}
    response = refused(client, client.post("/contribute/metadata", data=form))  # post/redirect/get
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="metadata-error"' in page and "2026/13/45" in page
    assert 'value="酒店预订系统测试回顾（改）"' in page
    _kept(page, first, second)
    assert _stored(contributors) == before  # nothing saved
    assert client.post("/contribute/metadata", data={**form, "date": "2026-12-05"}).status_code == 302
    assert [row["kind"] for row in _stored(contributors)] == ["root_cause", "lesson", "action_item"]


@pytest.mark.parametrize(("lang", "lesson_says", "added_says"), [
    ("en", "The lesson “{start}” is a text of 10,001 characters, longer than the 10,000 allowed",
     "The lessons to add are a text of 10,001 characters, longer than the 10,000 allowed"),
    ("zh", "经验“{start}”有 10,001 个字符，超过了允许的 10,000 个", "要补充的经验共有 10,001 个字符，超过了允许的 10,000 个")])
def test_a_lesson_text_past_its_limit_is_counted_and_said_not_cut(client, contributors, lang, lesson_says,  # noqa: F811
                                                                    added_says):
    """A lesson's text edited, or lessons added, on the publish form or a document's Edit form were cut at 10,000
    characters by the box's maxlength without a word: counted now as the record form's boxes are (app.js), and said by
    the server, the lesson named by its start, in the page's language, the text given back whole."""
    from kb.text import shorten

    token = login(client, "pat")
    client.set_cookie("kb_lang", lang)
    url, upload_id, (_first, _second, third) = _read(client, token)
    page = client.get(url).get_data(as_text=True)
    boxes = re.findall(r'<textarea name="(?:lesson-\d+|added)-text"[^>]*>', page)
    assert len(boxes) == 4 and not [box for box in boxes if "maxlength" in box or 'data-limit="10000"' not in box]
    for box in boxes:  # each counted under it, the count tied to the box
        count = re.search(r'data-counter="([^"]+)"', box).group(1)
        assert f'aria-describedby="{count}"' in box and f'<p class="paste-count" id="{count}"' in page
    start = shorten(html.unescape(re.search(rf'id="publish-{upload_id}-{third}">([^<]*)</p>', page).group(1)), 30)
    for field, says in ((f"{third}-text", lesson_says.format(start=start)), ("added-text", added_says)):
        text = "改" * 10_001
        sent = client.post(f"/contribute/uploads/{upload_id}/publish",
                           data={"csrf_token": token, "project": "酒店预订系统", field: text})
        body = refused(client, sent).get_data(as_text=True)  # (one character repeated: it fits in the cookie)
        error = re.search(r'<p class="error-box" role="alert" id="publish-error"[^>]*>([^<]*)</p>', body)
        assert html.unescape(error.group(1)) == says and f">{text}</textarea>" in body
    assert _stored(contributors) == []  # nothing published
    client.post(f"/contribute/uploads/{upload_id}/publish", data={"csrf_token": token, "project": "酒店预订系统"})
    edit = client.get("/contribute/metadata", query_string={"key": KEY}).get_data(as_text=True)
    boxes = re.findall(r'<textarea name="(?:lesson-\d+|added)-text"[^>]*>', edit)
    assert len(boxes) == 4 and not [box for box in boxes if "maxlength" in box or 'data-limit="10000"' not in box]
