"""A control character in a form's field comes back as the form, the field marked (aria-invalid, the message under
it naming the field as the form calls it): the sign-up form, the subscription page and the curators' subscriber form
answered a bare "400 · Error" page that lost what was typed; the share-session forms named the field in a box above
the form and marked nothing; the lesson form's tags were called 'tags'."""

from __future__ import annotations

import html
import re

import pytest

from kb.digest.links import make_token
from kb.store import Store
from tests.web.conftest import csrf_of, refused

CONTROL = "Li\x01Na"


def marked(body: str, field: str) -> str:
    """The words under the one field marked invalid, which must be ``field``."""
    assert re.findall(r'<(?:input|textarea)[^>]*aria-invalid="true"[^>]*>', body) and all(
        f'name="{field}"' in tag for tag in re.findall(r'<(?:input|textarea)[^>]*aria-invalid="true"[^>]*>', body))
    invalid = re.findall(r'<(?:input|textarea)[^>]*aria-invalid="true"[^>]*>', body)
    described = [re.search(r'aria-describedby="([^"]*)"', tag) for tag in invalid]
    assert all(d and f"{field}-error" in d.group(1).split() for d in described)  # its error among the ids it names
    return html.unescape(re.search(rf'<p class="field-error" id="{field}-error">(.*?)</p>', body).group(1))


@pytest.mark.parametrize(("lang", "field", "says"), [
    ("en", "name", "Name contains a control character (U+0001); use one line of plain text"),
    ("zh", "name", "姓名含有控制字符（U+0001），请只填写一行纯文本"),
    ("en", "email", "E-mail contains a control character (U+0001); use one line of plain text"),
    ("en", "more_tags", "More tags contains a line separator (U+2028); use one line of plain text"),
    ("zh", "more_tags", "其他标签含有行分隔符（U+2028），请只填写一行纯文本"),
])
def test_the_sign_up_form_comes_back_with_the_field_marked(client, lang, field, says):
    client.set_cookie("kb_lang", lang)
    data = {"email": "li@example.org", "name": "Li", "language": lang, "frequency": "weekly",
            "csrf_token": csrf_of(client, "/subscribe")}
    data[field] = "li\x01@example.org" if field == "email" else "供应商\u2028管理" if field == "more_tags" else CONTROL
    response = refused(client, client.post("/subscribe", data=data))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="subscribe-form"' in body
    assert marked(body, field) == says
    assert 'value="li@example.org"' in body or field == "email"  # what was typed is kept


def test_the_subscription_page_comes_back_with_the_name_marked(app, client, settings):
    with Store(settings.db) as store:
        store.add_subscriber("li@example.org", name="Li")
        token = make_token(settings.secret_key, "manage", store.subscriber("li@example.org"))
    path = f"/subscription/{token}"
    response = refused(client, client.post(path, data={"name": CONTROL, "language": "en", "frequency": "weekly",
                                                       "csrf_token": csrf_of(client, path)}))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="subscribe-form"' in body
    assert marked(body, "name") == "Name contains a control character (U+0001); use one line of plain text"
    with Store(settings.db) as store:
        assert store.subscriber("li@example.org")["name"] == "Li"


def test_the_curators_subscriber_form_comes_back_with_the_field_marked(as_curator):
    client, token = as_curator
    response = refused(client, client.post("/curate/subscribers", data={
        "action": "add", "email": "li@example.org", "name": CONTROL, "language": "en", "frequency": "weekly",
        "csrf_token": token}))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="add-subscriber"' in body
    assert marked(body, "name") == "Name contains a control character (U+0001); use one line of plain text"


@pytest.mark.parametrize("field", ["title", "theme", "scheduled_at", "location", "presenters", "audience",
                                   "description"])
def test_the_new_session_form_marks_the_field_its_error_is_about(as_curator, field):
    client, token = as_curator
    response = refused(client, client.post("/sessions", data={"title": "Vendor lessons", field: CONTROL,
                                                              "csrf_token": token}))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="new-session"' in body
    assert "contains a control character (U+0001)" in marked(body, field)
    assert body.count("autofocus") == 1  # the field, not also the box above the form


def test_the_session_details_form_marks_the_field_its_error_is_about(as_curator):
    client, token = as_curator
    created = client.post("/sessions", data={"title": "Vendor lessons", "csrf_token": token})
    path = created.headers["Location"]
    response = refused(client, client.post(f"{path}/edit", data={"title": "Vendor lessons", "location": CONTROL,
                                                                 "csrf_token": token}))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert marked(body, "location") == "Location contains a control character (U+0001); use one line of plain text"


def test_the_lesson_form_calls_its_tags_tags_and_marks_them(client, contributor):
    client.post("/login", data={"username": contributor[0], "password": contributor[1],
                                "csrf_token": csrf_of(client, "/login")})
    token = csrf_of(client, "/contribute/record")
    response = refused(client, client.post("/contribute/record", data={
        "lesson": "We learned that the vendor needs a written interface specification.", "kind": "lesson",
        "project": "ERP", "tags": "vendor\x01", "csrf_token": token}))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert marked(body, "tags") == "Tags contains a control character (U+0001); use one line of plain text"


@pytest.mark.parametrize(("lang", "form", "says"), [
    ("en", {"target": "document", "ref": "erp/retro", "tag": "vendor\x01"},
     "Tag contains a control character (U+0001); use one line of plain text"),
    ("zh", {"target": "document", "ref": "erp/retro", "tag": "vendor\x01"}, "标签含有控制字符（U+0001），请只填写一行纯文本"),
    ("en", {"old": "供应商管理", "new": "vendor\x01"},
     "The new name contains a control character (U+0001); use one line of plain text"),
    ("zh", {"old": "供应商管理", "new": "vendor\x01"}, "新名称含有控制字符（U+0001），请只填写一行纯文本"),
    ("en", {"sources": "供应商管理", "into": "vendor\x01"},
     "The tag to keep contains a control character (U+0001); use one line of plain text"),
])
def test_the_tag_forms_call_a_wrong_field_as_the_form_does(as_curator, lang, form, says):
    """Adding, renaming or merging a tag said "'tag' contains a control character", "“new”含有控制字符": the field
    by its name in the code."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    path = "/curate/tags/add" if "tag" in form else "/curate/tags/rename" if "new" in form else "/curate/tags/merge"
    body = client.post(path, data={**form, "csrf_token": token}, follow_redirects=True).get_data(as_text=True)
    said = re.search(r'<div class="flash error" role="alert"><p>(.*?)</p>', body).group(1)
    assert html.unescape(said) == says


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_tag_no_tag_has_marks_the_more_tags_field(as_curator, lang):
    """"No tag is named 'nosuchtag'" came back above the sign-up and the curators' forms, the field it was typed in
    unmarked, the focus at the top of a long form."""
    client, token = as_curator  # the sign-up form is anyone's, a curator's too
    client.set_cookie("kb_lang", lang)
    sign_up = {"email": "li@example.org", "language": lang, "frequency": "weekly", "more_tags": "nosuchtag",
               "csrf_token": token}
    for answer in (client.post("/subscribe", data=sign_up),
                   client.post("/curate/subscribers", data={**sign_up, "action": "add"})):
        assert "nosuchtag" in marked(refused(client, answer).get_data(as_text=True), "more_tags")


@pytest.mark.parametrize(("lang", "says"), [("zh", "“bad@”不是有效的邮箱地址"), ("en", "'bad@' is not an e-mail address")])
def test_the_curators_subscriber_form_marks_an_address_that_is_none(as_curator, lang, says):
    """The message stood above the form and the focus was left at the page's top, not in the address to retype."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    response = refused(client, client.post("/curate/subscribers", data={
        "csrf_token": token, "action": "add", "email": "bad@", "name": "李娜", "language": "zh", "frequency": "weekly"}))
    body = response.get_data(as_text=True)
    assert marked(body, "email").startswith(says)
    assert 'value="李娜"' in body


@pytest.mark.parametrize(("lang", "says"), [("zh", "经验分享会需要一个标题"), ("en", "A share session needs a title")])
def test_a_share_session_sent_without_a_title_marks_the_title(as_curator, lang, says):
    """The message above the form had the focus, and the title field nothing to say it was the one to fill in."""
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    response = refused(client, client.post("/sessions", data={"csrf_token": token, "title": " ", "theme": "供应商交付"}))
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and marked(body, "title") == says
    assert 'value="供应商交付"' in body
