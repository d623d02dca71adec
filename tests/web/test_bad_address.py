"""A bad value typed or pasted into the address of a page: a page number is read leniently, as paginators do; any
other bad value is a 400 that names the field and links back to the same page without it, the query kept."""

from __future__ import annotations

import re

import pytest


def _text(body: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


@pytest.mark.parametrize("page", ["abc", "0", "-2", "", "1.5"])
def test_a_page_that_is_no_page_number_is_the_first_page(client, page):
    first = client.get("/?q=vendor").get_data(as_text=True)
    response = client.get("/", query_string={"q": "vendor", "page": page})
    assert response.status_code == 200
    groups = re.findall(r'<li class="group', response.get_data(as_text=True))
    assert groups and len(groups) == len(re.findall(r'<li class="group', first))


@pytest.mark.parametrize(("lang", "says"), [("en", "Page 99999 is past the last page"), ("zh", "第 99999 页超出了")])
def test_a_page_beyond_any_listing_says_it_is_past_the_last(client, lang, says):
    """It named the page it was capped at, "Page 1000 is past the last page", a page nobody asked for."""
    client.set_cookie("kb_lang", lang)
    body = client.get("/?q=vendor&page=99999").get_data(as_text=True)
    assert says in body and not re.search(r"\b1000 is past|第 1000 页", body)


def test_browse_past_the_last_page_shows_the_last_page(client):
    last = client.get("/browse?size=5&page=1").get_data(as_text=True)
    body = client.get("/browse?size=5&page=999").get_data(as_text=True)
    assert client.get("/browse?size=5&page=999").status_code == 200
    titles = re.findall(r'<tr><td><a href="/documents/[^"]+">([^<]+)</a>', body)
    assert titles and titles == re.findall(r'<tr><td><a href="/documents/[^"]+">([^<]+)</a>', last)
    assert client.get("/browse?page=zz").status_code == 200


@pytest.mark.parametrize(("lang", "says", "retry"), [
    ("en", "'since' is invalid: 'yesterday' is not a date or a month; use YYYY-MM-DD or YYYY-MM (like 2025-01-31 or 2025-01)", "Try again without ‘since’"),
    ("zh", "起始日期（since）无效：“yesterday”不是日期或月份，请用 YYYY-MM-DD 或 YYYY-MM（例如 2025-01-31 或 2025-01）",
     "去掉 since 再试一次")])
def test_a_bad_filter_names_the_field_and_links_back_with_the_query(client, lang, says, retry):
    client.set_cookie("kb_lang", lang)
    response = client.get("/?q=供应商+vendor&since=yesterday&project=CRM&page=3")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert says in _text(body).replace("&#39;", "'")
    link = re.search(r'<a class="retry" href="([^"]+)">([^<]+)</a>', body)
    assert link and link.group(2).startswith(retry)
    url = link.group(1).replace("&amp;", "&")
    assert "since" not in url and "page" not in url and "project=CRM" in url
    again = client.get(url)
    assert again.status_code == 200 and 'value="供应商 vendor"' in again.get_data(as_text=True)


@pytest.mark.parametrize(("path", "field", "kept"), [("/?q=vendor&kind=lessons&project=CRM", "kind", "project=CRM"),
                                                   ("/browse?type=retro&tag=ERP", "type", "tag=ERP"),
                                                   ("/review?kind=nope&project=CRM", "kind", "project=CRM")])
@pytest.mark.parametrize(("lang", "retry"), [("en", "Try again without ‘{}’"), ("zh", "去掉 {} 再试一次")])
def test_an_unknown_kind_or_type_also_links_back_without_it(as_curator, path, field, kept, lang, retry):
    """'unknown lesson kind ...' does not begin with the parameter's name: its page had only 'Back to search'."""
    client, _ = as_curator
    client.set_cookie("kb_lang", lang)
    response = client.get(path)
    assert response.status_code == 400
    link = re.search(r'<a class="retry" href="([^"]+)">([^<]+)</a>', response.get_data(as_text=True))
    assert link and link.group(2).startswith(retry.format(field))
    url = link.group(1).replace("&amp;", "&")
    assert f"{field}=" not in url and kept in url and client.get(url).status_code == 200


def test_the_api_keeps_its_one_error_shape(client):
    response = client.get("/api/search?q=vendor&since=yesterday")
    assert response.status_code == 400 and set(response.get_json()) == {"error"}


@pytest.mark.parametrize(("path", "says"), [
    ("/api/search?q=vendor&until=tomorrow",
     "截止日期（until）无效：“tomorrow”不是日期或月份，请用 YYYY-MM-DD 或 YYYY-MM（例如 2025-01-31 或 2025-01）"),
    ("/api/search?q=vendor&limit=many", "数量上限（limit）必须是整数，而不是“many”"),
    ("/api/search?q=vendor&limit=500", "数量上限（limit）必须在 1 到 100 之间"),
    ("/api/search?q=vendor&all=maybe", "列出全部（all）只能是 1 或 0"),
    ("/browse?size=2", "每页条数（size）必须在 5 到 200 之间")])
def test_a_chinese_error_names_a_parameter_as_the_page_would_not_in_english_quotes(client, path, says):
    # "'since' 必须是日期": the English parameter name, in English quotes, led a Chinese sentence
    client.set_cookie("kb_lang", "zh")
    response = client.get(path)
    message = response.get_json()["error"]["message"] if response.is_json else _text(response.get_data(as_text=True))
    assert response.status_code == 400 and says in message.replace("&#39;", "'"), message
    assert "'" not in message.split("必须")[0].split("只能")[0]
