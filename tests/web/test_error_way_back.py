"""A page that is not there offered only "Back to search": a share session deleted since a digest announced it, or a
lesson or document removed since a link to it was kept, or one named by no row id (/lessons/abc), now also leads to the
list it was in."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(("path", "lang", "href", "label"), [
    ("/sessions/999", "zh", "/sessions", "全部经验分享会"),
    ("/sessions/999", "en", "/sessions", "All share sessions"),
    ("/sessions/999/print", "en", "/sessions", "All share sessions"),
    ("/lessons/999999", "zh", "/browse", "浏览全部文档"),
    ("/documents/no/such/document", "en", "/browse", "Browse the documents"),
    # named by no row id (it matched no page, so it had no area: "Back to search" alone)
    ("/lessons/abc", "en", "/browse", "Browse the documents"),
    ("/lessons/abc", "zh", "/browse", "浏览全部文档"),
    ("/sessions/x", "en", "/sessions", "All share sessions"),
    ("/sessions/x/print", "zh", "/sessions", "全部经验分享会"),
    ("/sessions/一/agenda.md", "en", "/sessions", "All share sessions"),
])
def test_a_missing_page_leads_back_to_its_areas_list_and_to_search(client, path, lang, href, label):
    client.set_cookie("kb_lang", lang)
    response = client.get(path)
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert f'<a href="{href}" id="area-list">{label}</a>' in body
    assert {"zh": "返回搜索", "en": "Back to search"}[lang] in body


def test_an_address_of_no_area_keeps_the_way_to_search_alone(client):
    response = client.get("/no/such/page")
    assert response.status_code == 404 and 'id="area-list"' not in response.get_data(as_text=True)
    assert client.get("/api/lessons/999999").get_json()["error"]["status"] == 404  # the API's shape unchanged


@pytest.mark.parametrize(("lang", "label"), [("en", "My contributions"), ("zh", "我的贡献")])
def test_a_missing_upload_leads_to_my_contributions_where_uploads_are_listed(as_curator, lang, label):
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    response = client.get("/contribute/uploads/no-such-batch")
    assert response.status_code == 404
    assert f'<a href="/contribute" id="area-list">{label}</a>' in response.get_data(as_text=True)
