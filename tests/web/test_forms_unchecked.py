"""Forms are sent unchecked by the browser (novalidate) and a field left empty is said by the server, in the page's
language, on the form's page: Chromium's own "Please fill out this field." spoke the browser's language (English on
a Chinese page), and without it several forms answered an empty field with an error page whose one link led to
search. The fields keep ``required`` for assistive technology."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from kb.store import Store
from tests.web.conftest import csrf_of, refused

TEMPLATES = Path(__file__).resolve().parents[2] / "web" / "templates"
FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.DOTALL)


def test_every_form_with_a_required_or_bounded_field_is_sent_unchecked_by_the_browser():
    """A bound is checked by the browser as a required field is: an agenda item's length of 900 minutes (max 600)
    got Chromium's "Value must be less than or equal to 600." on a Chinese page, and the form was not sent."""
    checked = []
    for path in sorted(TEMPLATES.glob("*.html")):
        for form in FORM.findall(path.read_text(encoding="utf-8")):
            opening = form.split(">", 1)[0]
            bounded = re.search(r'\s(?:required|min|max|pattern)[\s>{=]|type="(?:number|email|url)"', form)
            if (bounded or "session_fields(" in form) and "novalidate" not in opening:
                checked.append(f"{path.name}: {opening[:90]}")
    assert checked == []


def _said(client, response) -> tuple[str, str]:
    """The red message of the page a form came back as (followed from its redirect), and where that page is."""
    where = response.headers.get("Location", "")
    page = client.get(where).get_data(as_text=True) if response.status_code in (302, 303) \
        else response.get_data(as_text=True)
    found = re.search(r'<div class="flash error" role="alert"><p>(.*?)</p>', page) or re.search(
        r'class="error(?:-box)?" role="alert">(.*?)</p>', page)
    return html.unescape(found.group(1)), where


@pytest.mark.parametrize(("lang", "says"), [("zh", "请填写用户名和密码。"), ("en", "Type your user name and your password.")])
def test_a_login_form_sent_empty_is_not_a_failed_login(client, settings, lang, says):
    client.set_cookie("kb_lang", lang)
    token = csrf_of(client, "/login")
    response = client.post("/login", data={"csrf_token": token, "username": "carl", "password": ""})
    assert response.status_code == 400 and _said(client, response)[0] == says
    assert 'value="carl"' in response.get_data(as_text=True)  # what was typed, kept
    assert re.findall(r'<input name="(\w+)"[^>]*\sautofocus[\s>]', response.get_data(as_text=True)) == ["password"]
    # sent without a name: the focus in the name, to type (it was left on the page, the form a screen away on a phone)
    response = client.post("/login", data={"csrf_token": token, "username": " ", "password": ""})
    assert response.status_code == 400 and _said(client, response)[0] == says
    assert re.findall(r'<input name="(\w+)"[^>]*\sautofocus[\s>]', response.get_data(as_text=True)) == ["username"]
    with Store(settings.db) as store:  # no attempt to count against the name or the address
        assert store.rows("SELECT * FROM login_attempts") == []


def test_the_login_page_opens_with_the_focus_in_the_name_field(client):
    """The page is only the login form, yet the focus was on the page: typing the name typed nowhere, and Tab went
    through the skip link and the whole menu first (a keyboard user's first Enter followed the skip link)."""
    body = client.get("/login?next=/review").get_data(as_text=True)
    assert re.findall(r'<input name="(\w+)"[^>]*\sautofocus[\s>]', body) == ["username"]


@pytest.mark.parametrize(("lang", "says"), [("zh", "请填写邮箱地址"), ("en", "An e-mail address is required")])
def test_a_subscription_without_an_address_asks_for_one(client, lang, says):
    client.set_cookie("kb_lang", lang)
    response = client.post("/subscribe", data={"csrf_token": csrf_of(client, "/subscribe"), "email": " "})
    assert response.status_code == 303 and _said(client, response)[0] == says  # it was "'' is not an e-mail address"


@pytest.mark.parametrize("typed", [" ", "not-an-address", "two@at@example.org"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_subscription_s_bad_address_takes_the_focus_back_to_it(client, typed, lang):
    """The message was above the form and the focus nowhere: a screen reader heard the alert but not which field,
    a keyboard started again at the top of the page."""
    client.set_cookie("kb_lang", lang)
    response = client.post("/subscribe", data={"csrf_token": csrf_of(client, "/subscribe"), "email": typed})
    page = refused(client, response).get_data(as_text=True)
    marked = re.findall(r'<(?:input|select|textarea) name="(\w+)"[^>]* autofocus aria-invalid="true"'
                        r' aria-describedby="(\w+)-error">', page)
    assert marked == [("email", "email")] and page.count("autofocus") == 1
    note = re.search(r'<p class="field-error" id="email-error">([^<]*)</p>', page)
    said = re.search(r'class="error-box" role="alert">(.*?)</p>', page).group(1)
    assert note and note.group(1) == said


def test_a_subscription_form_without_an_error_puts_the_focus_nowhere(client):
    assert "autofocus" not in client.get("/subscribe").get_data(as_text=True)


@pytest.mark.parametrize(("lang", "rename", "merge", "tag"), [
    ("zh", "请填写标签及其新名称", "请填写要合并的标签（用逗号分隔）和保留的标签", "请输入标签"),
    ("en", "Give the tag and its new name", "Give the tags to merge (comma-separated) and the tag to keep", "Type a tag")])
def test_a_tag_form_sent_empty_comes_back_to_its_page_saying_what_to_fill_in(as_curator, lang, rename, merge, tag):
    """Each was a 400 page, "请填写标签及其新名称", whose one link led to search."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    response = client.post("/curate/tags/rename", data={"csrf_token": token, "old": "供应商管理", "new": ""})
    assert _said(client, response) == (rename, "/tags?old=%E4%BE%9B%E5%BA%94%E5%95%86%E7%AE%A1%E7%90%86")
    response = client.post("/curate/tags/merge", data={"csrf_token": token, "sources": "", "into": ""})
    assert _said(client, response) == (merge, "/tags")
    response = client.post("/curate/tags/add", data={"csrf_token": token, "target": "document", "ref": "erp/retro",
                                                     "tag": " ", "next": "/documents/erp/retro"})
    assert _said(client, response) == (tag, "/documents/erp/retro")


@pytest.mark.parametrize(("lang", "no_action", "no_reason"), [
    ("zh", "请选择对勾选的经验执行的操作", "请填写隐藏的原因"),
    ("en", "Choose an action for the lessons ticked", "Give the reason for hiding it")])
def test_the_review_queue_s_forms_sent_without_their_choice_say_so(as_curator, settings, lang, no_action, no_reason):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    with Store(settings.db) as store:
        first, second = [r["id"] for r in store.rows("SELECT id FROM lessons ORDER BY id LIMIT 2")]
    response = client.post("/review", data={"csrf_token": token, "ids": first, "action": "", "bulk": "1",
                                            "next": "/review"})
    assert _said(client, response)[0] == no_action  # it was "'action' must be approve, hide, tag or untag"
    # Hide with a reason…, the reason left empty: not hidden without one, and back at this lesson, not the next: its
    # form open, the field marked and focused, the words under it. It came back at #lesson-N with the form closed
    # and the focus nowhere (a fragment stops Chromium's autofocus), the message above the lesson.
    response = client.post("/review", data={"csrf_token": token, "ids": first, "action": "hide", "reason": "required",
                                            "note": " ", "next": f"/review#lesson-{second}"})
    assert response.headers["Location"] == "/review"
    page = client.get("/review").get_data(as_text=True)
    opened = re.findall(r'<details class="hide-reason" open>.*?</details>', page, re.DOTALL)
    assert len(opened) == 1 and f'name="ids" value="{first}"' in opened[0] and page.count(" autofocus") == 1
    assert re.search(rf'<input name="note" required [^>]* autofocus aria-invalid="true" '
                     rf'aria-describedby="note-{first}-error">', opened[0])
    assert html.unescape(re.search(rf'<p class="field-error" id="note-{first}-error">(.*?)</p>',
                                   opened[0]).group(1)) == no_reason
    assert "hide-reason\" open" not in client.get("/review").get_data(as_text=True)  # shown once
    with Store(settings.db) as store:
        assert store.rows("SELECT review_status FROM lessons WHERE id = ?", [first])[0]["review_status"] != "hidden"
    response = client.post("/review", data={"csrf_token": token, "ids": first, "action": "hide", "note": ""})
    with Store(settings.db) as store:  # the row's own Hide needs no reason
        assert store.rows("SELECT review_status FROM lessons WHERE id = ?", [first])[0]["review_status"] == "hidden"


@pytest.mark.parametrize(("lang", "mark"), [("zh", "（必填）"), ("en", "(required)")])
def test_a_share_session_s_title_says_it_is_required(as_curator, settings, lang, mark):
    """Sent without it, the form came back with "经验分享会需要一个标题"; nothing had said so, as the record and publish
    forms say it of their required fields."""
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    with Store(settings.db) as store:
        session_id = store.create_session({"title": "复盘分享"})
    for path in ("/sessions", f"/sessions/{session_id}"):
        page = client.get(path).get_data(as_text=True)
        label = re.search(r'<label><span>([^<]*)<span class="required-mark">([^<]*)</span></span> <input name="title"',
                          page)
        assert label and label.group(2).strip() == mark, path


@pytest.mark.parametrize(("lang", "required", "optional"), [("zh", "（必填）", "（可选）"), ("en", " (required)", " (optional)")])
def test_the_lesson_form_says_optional_as_it_says_required(as_curator, lang, required, optional):
    """"Short title (optional)" was one label in the text's size and colour, beside "The lesson (required)" whose
    mark is smaller and grey (u-left5's finding)."""
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    page = client.get("/contribute/record").get_data(as_text=True)
    marks = dict(re.findall(r'<label><span>[^<]*<span class="(\w+-mark)">([^<]*)</span></span> <(?:input|textarea) name="'
                            r'(?:title|lesson)"', page))
    assert marks == {"required-mark": required, "optional-mark": optional}
    css = (TEMPLATES.parent / "static" / "css" / "app.css").read_text(encoding="utf-8")
    rule = re.search(r"^([^{}\n]*\.required-mark\b[^{}\n]*)\{", css, re.MULTILINE)
    assert rule and ".optional-mark" in rule.group(1)  # one rule styles both
