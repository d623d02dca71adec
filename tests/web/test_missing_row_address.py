"""An address that names a record by something that is no row id (/lessons/abc) says which record is missing, as
/lessons/999 does, in the page's language, with a 404; an address that is no page at all stays "URL not found"."""

from __future__ import annotations

import re

import pytest
from werkzeug.routing.converters import NumberConverter

from kb.text import shown_value
from web.row_ids import RowId, missing_record


def _text(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&#39;", "'")


@pytest.mark.parametrize(("path", "en", "zh"), [
    ("/lessons/abc", "No lesson 'abc'", "没有编号为“abc”的经验"),
    ("/lessons/99999999999999999999", "No lesson '99999999999999999999'", "没有编号为“99999999999999999999”的经验"),
    ("/sessions/x/print", "No share session 'x'", "没有编号为“x”的经验分享会"),
    ("/contribute/uploads/u1/publish", "No upload 'u1'", "没有编号为“u1”的上传"),  # the form's POST
])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_record_named_by_no_number_is_a_missing_record(as_curator, path, en, zh, lang):
    client, token = as_curator
    client.set_cookie("kb_lang", lang)
    response = client.post(path, data={"csrf_token": token}) if path.endswith("/publish") else client.get(path)
    assert response.status_code == 404
    assert (en if lang == "en" else zh) in _text(response.get_data(as_text=True))


@pytest.mark.parametrize("path", ["/contribute/uploads/u1/publish", "/sessions/x/edit"])
def test_a_form_address_asked_with_get_is_405_whatever_its_id(as_curator, path):
    """A POST's address asked with GET is 405, naming the method it takes, as with a number there (it was a 404 when
    the id was no number: the address was matched again with 1 in its place, and a 405 counted as a page)."""
    client, _ = as_curator
    for asked in (path, path.replace("/u1/", "/1/").replace("/x/", "/1/")):
        response = client.get(asked)
        assert response.status_code == 405 and "POST" in response.headers["Allow"], asked


@pytest.mark.parametrize(("path", "lang", "message"), [
    ("/api/lessons/abc", "en", "no lesson 'abc'"),
    ("/api/lessons/abc/similar", "zh", "没有编号为“abc”的经验"),
    ("/api/sessions/x", "en", "no share session 'x'"),
    ("/api/sessions/99999999999999999999", "zh", "没有编号为“99999999999999999999”的经验分享会"),
    ("/api/lessons/" + "1" * 5000, "en", f"no lesson '{shown_value('1' * 5000)}'"),  # too long for int(): no 500
    ("/api/lessons/" + "0" * 5000 + "999999", "en", "no lesson 999999"),  # a row id however many zeros lead it
    ("/api/lessons/9223372036854775807", "en", "no lesson 9223372036854775807"),  # SQLite's largest row id
    ("/api/lessons/9223372036854775808", "en", "no lesson '9223372036854775808'"),  # one past it: no OverflowError
])
def test_the_api_says_it_too(client, path, lang, message):
    response = client.get(path, headers={"Accept-Language": lang})
    assert response.status_code == 404
    assert response.get_json()["error"] == {"status": 404, "code": "not_found", "message": message}


def test_the_api_names_an_item_by_no_number_in_its_session(as_curator):
    client, token = as_curator
    response = client.delete("/api/sessions/1/items/zz", headers={"X-CSRF-Token": token})
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "no item 'zz' in share session 1"


def test_an_item_named_by_no_number(as_curator):
    client, _ = as_curator
    response = client.post("/sessions/1/items/zz/remove")
    assert response.status_code == 404
    assert "No item 'zz' in share session 1" in _text(response.get_data(as_text=True))


@pytest.mark.parametrize("path", ["/lessons/abc/nothing", "/nothing/abc", "/sessions/new/nothing"])
def test_an_address_that_is_no_page_is_still_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert "The requested URL was not found" in _text(response.get_data(as_text=True))


def test_every_number_in_an_address_is_a_row_id(app):
    """Werkzeug's own <int:...> takes any number: one past SQLite's row ids was an OverflowError (a 500) when bound
    to a query, and /lessons/abc matched no page. A record's id is <id:...> (web/row_ids.py)."""
    taken = {(rule.rule, name): type(converter) for rule in app.url_map.iter_rules()
             for name, converter in rule._converters.items()}
    assert not {place for place, kind in taken.items() if issubclass(kind, NumberConverter)}
    assert {place for place, kind in taken.items() if kind is RowId} >= {("/lessons/<id:lesson_id>", "lesson_id"),
                                                                         ("/api/sessions/<id:session_id>", "session_id")}


def test_every_row_id_in_an_address_has_its_missing_record_said(app):
    """An <id:...> hands a view what is no row id as a str, which ``missing_record`` must name before the view runs:
    a route with an id it does not know (``<id:tag_id>``) would hand its view "abc" where it expects an int."""
    for rule in app.url_map.iter_rules():
        for name, converter in rule._converters.items():
            if isinstance(converter, RowId):
                values = {other: 1 for other in rule.arguments} | {name: "abc"}
                assert missing_record(values), (rule.rule, name)
