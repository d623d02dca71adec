"""An address that names a record by something that is no row id (/lessons/abc) says which record is missing, as
/lessons/999 does, in the page's language, with a 404; an address that is no page at all stays "URL not found"."""

from __future__ import annotations

import re

import pytest


def _text(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).replace("&#39;", "'")


@pytest.mark.parametrize(("path", "en", "zh"), [
    ("/lessons/abc", "No lesson 'abc'", "没有编号为 “abc” 的经验"),
    ("/lessons/99999999999999999999", "No lesson '99999999999999999999'", "没有编号为 “99999999999999999999” 的经验"),
    ("/sessions/x/print", "No share session 'x'", "没有编号为 “x” 的经验分享会"),
    ("/contribute/uploads/u1/publish", "No upload 'u1'", "没有编号为 “u1” 的上传"),
])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_record_named_by_no_number_is_a_missing_record(as_curator, path, en, zh, lang):
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    response = client.get(path)
    assert response.status_code == 404
    assert (en if lang == "en" else zh) in _text(response.get_data(as_text=True))


def test_the_api_says_it_too(client):
    response = client.get("/api/lessons/abc")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "no lesson 'abc'"


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
