"""Search results sorted by date ("what went wrong last time"): the documents relevance found, newest or oldest first,
on the page (a control like browse's, kept by every link of the page) and in /api/search (u-pm #14)."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlsplit

import pytest

SORTS = re.compile(r'<p class="sorts" id="search-sort">(.*?)</p>', re.DOTALL)


def _keys_and_dates(client, query: str) -> list[tuple[str, str | None]]:
    data = client.get(f"/api/search?{query}").get_json()
    return [(group["document_key"], group["date"]) for group in data["results"]]


def test_the_api_sorts_the_relevant_documents_by_date_and_says_so(client):
    # 测试环境 matches 3 documents, 2 relevant: by date the same 2, newest or oldest first, not the third
    by_relevance = client.get("/api/search?q=测试环境").get_json()
    assert (by_relevance["relevant"], by_relevance["total"], by_relevance["sort"]) == (2, 3, "relevance")
    assert _keys_and_dates(client, "q=测试环境&sort=date") == [("mes/pm", "2025-09-01"), ("erp/retro", "2024-06-28")]
    assert _keys_and_dates(client, "q=测试环境&sort=-date") == [("erp/retro", "2024-06-28"), ("mes/pm", "2025-09-01")]
    assert client.get("/api/search?q=测试环境&sort=date").get_json()["sort"] == "date"


def test_the_api_lists_documents_without_a_date_last_either_way(client):
    for sort in ("date", "-date"):
        dates = [date for _, date in _keys_and_dates(client, f"q=lessons&sort={sort}")]
        assert dates[0] == "2025-09-01" and dates[1:] == [None] * (len(dates) - 1) and len(dates) >= 2


def test_the_api_refuses_an_unknown_sort_with_the_choices(client):
    refused = client.get("/api/search?q=测试环境&sort=newest")
    assert refused.status_code == 400
    assert refused.get_json()["error"]["message"] == "'sort' must be one of relevance, date, -date"


def test_a_spreadsheet_of_the_page_keeps_its_sort(client):
    client.set_cookie("kb_lang", "en")
    body = client.get("/?q=测试环境&sort=date").get_data(as_text=True)
    exports = re.findall(r'href="(/api/search\?[^"]*format=csv[^"]*)"', body)
    assert exports and ("sort", "date") in parse_qsl(urlsplit(html.unescape(exports[0])).query)


def _control(client, path: str, lang: str) -> tuple[str, list[tuple[str, list[tuple[str, str]]]], str]:
    """The sort control's current label, its links (label, parameters) and the page."""
    client.set_cookie("kb_lang", lang)
    body = client.get(path).get_data(as_text=True)
    inside = SORTS.search(body).group(1)
    current = re.search(r'<strong class="on" aria-current="true">([^<]*)</strong>', inside).group(1)
    links = [(html.unescape(text), parse_qsl(urlsplit(html.unescape(href)).query))
             for href, text in re.findall(r'<a href="([^"]*)">([^<]*)</a>', inside)]
    return html.unescape(current), links, body


@pytest.mark.parametrize(("lang", "labels"), [("zh", ("排序：", "最匹配", "最新", "最早")),
                                              ("en", ("Sort: ", "Best match", "Newest", "Oldest"))])
def test_the_page_offers_the_sorts_in_its_language_keeping_query_and_filters(client, lang, labels):
    sort, relevance, newest, oldest = labels
    current, links, body = _control(client, "/?q=测试环境&mode=hybrid&project=ERP系统升级&year=2024", lang)
    assert current == relevance and sort in SORTS.search(body).group(1)
    assert [text for text, _ in links] == [newest, oldest]
    assert links[0][1] == [("q", "测试环境"), ("mode", "hybrid"), ("project", "ERP系统升级"), ("year", "2024"),
                           ("sort", "date")]
    current, links, body = _control(client, "/?q=测试环境&sort=-date", lang)
    assert current == oldest and [text for text, _ in links] == [relevance, newest]
    assert links[0][1] == [("q", "测试环境")]  # relevance: the default, no parameter


def test_the_page_keeps_the_sort_across_filters_chips_the_form_and_the_language_switch(client):
    client.set_cookie("kb_lang", "zh")
    body = html.unescape(client.get("/?q=测试环境&sort=date&project=ERP系统升级").get_data(as_text=True))
    facet_links = re.findall(r'href="(/\?[^"]*year=[^"]*)"', body)  # the year facet's (the project's is set)
    assert facet_links and all(("sort", "date") in parse_qsl(urlsplit(link).query) for link in facet_links)
    chip = re.search(r'<a class="chip" href="([^"]*)" aria-label="[^"]*">项目：ERP系统升级', body).group(1)
    assert ("sort", "date") in parse_qsl(urlsplit(chip).query)
    assert '<input type="hidden" name="sort" value="date">' in body  # a new query from the box: still by date
    switch = re.search(r'href="(/lang/en\?next=[^"]*)"', body).group(1)
    assert "sort=date" in parse_qsl(urlsplit(switch).query)[0][1]
    assert re.search(r'<p class="prefer"', body) is None  # by date, no language comes first: not offered


def test_the_page_lists_the_relevant_documents_newest_first(client):
    client.set_cookie("kb_lang", "en")
    body = client.get("/?q=测试环境&sort=date").get_data(as_text=True)
    titles = re.findall(r'<li class="group">\s*<h2[^>]*><a href="/documents/([^"]+)"', body)
    assert titles == ["mes/pm", "erp/retro"]
    assert "2 relevant" in re.sub(r"<[^>]+>", "", body)


def test_the_page_refuses_an_unknown_sort(client):
    refused = client.get("/?q=测试环境&sort=oldest")
    assert refused.status_code == 400 and "&#39;sort&#39; must be one of relevance, date, -date" in \
        refused.get_data(as_text=True)


@pytest.mark.parametrize(("lang", "newest", "oldest"), [("zh", "最新", "最早"), ("en", "Newest", "Oldest")])
def test_browse_names_the_oldest_first_sort_as_search_does(client, lang, newest, oldest):
    """Beside "Newest", the other way by date said "Date ↑" (日期 ↑) on browse and search: one axis named two ways,
    its arrow read as "newest up" as easily as "oldest first"."""
    client.set_cookie("kb_lang", lang)
    sorts = re.search(r'<p class="sorts">(.*?)</p>', client.get("/browse").get_data(as_text=True), re.DOTALL).group(1)
    found = re.findall(r'<a href="([^"]*)"\s*(?:class="on"[^>]*)?>([^<]*)</a>', sorts)
    links = {text: html.unescape(href) for href, text in found}
    assert "sort=-date" in links[oldest] and "↑" not in sorts
    # the chosen one is no link, as on search (browse's was a link to "#", a tab stop that did nothing)
    assert f'<strong class="on" aria-current="true">{newest}</strong>' in sorts and 'href="#"' not in sorts


def test_the_search_address_goes_to_the_home_page_with_every_parameter(client):
    # /search?q=… (what people and site-search settings try) was a 404: it redirects, a Chinese query and filters kept
    moved = client.get("/search?q=测试环境&sort=date&lang=zh&lang=en")
    assert moved.status_code == 301
    target = urlsplit(moved.headers["Location"])
    assert target.path == "/" and parse_qsl(target.query) == [("q", "测试环境"), ("sort", "date"), ("lang", "zh"),
                                                              ("lang", "en")]
    assert client.get("/search").headers["Location"] == "/"
    assert "测试环境" in client.get("/search?q=测试环境", follow_redirects=True).get_data(as_text=True)
